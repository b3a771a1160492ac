import Crypto
public import Projections

/// A model's digest and export: its rows in domain terms, one line each, and SHA-256 over them.
extension ProjectionRunner {
    /// A model's digest: SHA-256 over its canonical export (`ModelExport`), the rows of `name` described one per
    /// line. Two models are equal exactly when their digests are.
    public static func digest(_ name: String, _ rows: some RowReader) throws -> (rows: Int, digest: String) {
        var digest = ModelExport.Digest()
        try export(name, rows) { digest.add($0) }
        return (digest.rows, digest.finalize())
    }

    /// SHA-256 over rows in key order, each as key length (u32 big-endian), key, value length, value: equal
    /// exactly when the rows are, and so when their exports are.
    static func rowDigest(_ rows: some RowReader) throws -> [UInt8] {
        var hasher = SHA256()
        try rows.scan(prefix: []) { key, value in
            for part in [key, value] {
                withUnsafeBytes(of: UInt32(part.count).bigEndian) { hasher.update(bufferPointer: $0) }
                hasher.update(data: part)
            }
            return true
        }
        return Array(hasher.finalize())
    }

    /// Computes the digests of the named models (all when nil) as they now stand, from one snapshot, and keeps
    /// them in the store: what `GET /v1/models` answers without walking a model. With `onlyStale`, a model whose
    /// kept digests are already at its position is left as it is. Returns the digests of every named model.
    @discardableResult
    public func keepDigests(_ names: [String]? = nil, onlyStale: Bool = false) throws(ReadModelError) -> [String: KeptDigest] {
        var kept: [String: KeptDigest] = [:]
        var stale: [String] = []
        for kind in try kinds(names) {
            guard try store.entry(kind.name) != nil else { continue }
            if onlyStale, let digest = try store.keptDigest(kind.name), digest.position == (try store.entry(kind.name))?.checkpoint {
                kept[kind.name] = digest
            } else {
                stale.append(kind.name)
            }
        }
        guard !stale.isEmpty else { return kept }
        let computed = try reading {
            try store.withGenerations(stale) { generations in
                try generations.map { generation in
                    let digest = try? Self.digest(generation.name, generation.rows).digest
                    let history = try ProjectionKind.named(generation.name).type.keepsHistory ? try generation.historyDigest() : nil
                    return KeptDigest(generation: generation.entry.generation, position: generation.entry.checkpoint, digest: digest, historyDigest: history)
                }
            }
        }
        for (name, digest) in zip(stale, computed) {
            try store.keep(digest, for: name)
            kept[name] = digest
        }
        return kept
    }

    /// Hands each row of `name`, in key order, to `line` as its export line.
    public static func export(_ name: String, _ rows: some RowReader, _ line: (String) throws -> Void) throws {
        let type = try ProjectionKind.named(name).type
        try rows.scan(prefix: []) { key, value in
            try line(ModelExport.line(try type.describe(Row(key: key, value: value))))
            return true
        }
    }
}
