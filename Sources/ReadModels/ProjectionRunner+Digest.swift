import Crypto
import Projections

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

    /// Hands each row of `name`, in key order, to `line` as its export line.
    public static func export(_ name: String, _ rows: some RowReader, _ line: (String) throws -> Void) throws {
        let type = try ProjectionKind.named(name).type
        try rows.scan(prefix: []) { key, value in
            try line(ModelExport.line(try type.describe(Row(key: key, value: value))))
            return true
        }
    }
}
