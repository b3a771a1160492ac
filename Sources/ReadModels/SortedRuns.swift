#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Projections

/// One model's writes during a rebuild, kept aside as sorted runs until the fold is done, then read back merged
/// in key order, so that its fresh generation is written once, page after page (docs/READMODELS.md, "Rebuilding").
///
/// Writing each stretch into the B-tree as it came copied pages all over a tree of gigabytes per commit and left
/// them 60% full (BENCHMARKS.md, issue 28). A run is one stretch's entries sorted by the key they are stored
/// under, appended to a file that is unlinked as soon as it is made: nothing is left behind when a rebuild stops
/// or its process dies.
///
/// One thread at a time uses it: the rebuild's fill thread while the fold runs, then the rebuild.
final class SortedRuns: @unchecked Sendable {
    /// Whether the entries are versions, keyed by `VersionKey`, or rows under their own keys.
    let keepsVersions: Bool
    private let descriptor: Int32
    private let directory: String
    /// Each run's bytes in the file, oldest first: of entries with equal keys, the newest run's counts.
    private var runs: [Range<Int>] = []
    private var end = 0

    /// How many runs one merge reads at once, each through a buffer of its own; more are first merged into fewer.
    static let fanIn = 64

    init(directory: String, keepsVersions: Bool) throws(ReadModelError) {
        self.directory = directory
        self.keepsVersions = keepsVersions
        var template = Array((directory + "/rebuild-runs-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw Self.failure(directory, "cannot make a file for a rebuild's sorted runs") }
        self.descriptor = descriptor
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
    }

    deinit { close(descriptor) }

    /// Appends one stretch's changes as a run: its entries sorted by stored key, each key once (its last value).
    /// The run is laid out in `run` first: a buffer the caller keeps from one run to the next holds the largest
    /// after the first few without growing, instead of one grown by doubling (and copied) for each.
    func add(_ changes: FoldChanges, through run: inout RunEntries) throws(ReadModelError) {
        run.removeAll()
        if keepsVersions {
            guard !changes.versions.isEmpty else { return }
            try changes.versions.withUnsafeBufferPointer { (versions) throws(ReadModelError) in
                // Stably by row key: versions come in log order, so this is their version keys' order.
                let order = KeyOrder.sortedIndices(count: versions.count) { versions[$0].row.key }
                for (offset, index) in order.enumerated() {
                    let version = versions[index]
                    if offset + 1 < order.count, versions[order[offset + 1]].position == version.position,
                       versions[order[offset + 1]].row.key == version.row.key { continue }
                    let keyCount = run.append(value: version.row.value) { VersionKey.appendVersion(of: version.row.key, at: version.position, to: &$0) }
                    guard keyCount <= 511 else {
                        throw .storeUnavailable(directory: directory, reason: "a row key of \(version.row.key.count) bytes is too long to keep its history")
                    }
                    try checkStorable(version.row)
                }
            }
        } else {
            guard !changes.rows.isEmpty else { return }
            try changes.rows.withUnsafeBufferPointer { (rows) throws(ReadModelError) in
                let order = KeyOrder.sortedIndices(count: rows.count) { rows[$0].key }
                for (offset, index) in order.enumerated() {
                    if offset + 1 < order.count, rows[order[offset + 1]].key == rows[index].key { continue }
                    try checkStorable(rows[index])
                    run.append(key: rows[index].key, value: rows[index].value)
                }
            }
        }
        let start = end
        try write(run.bytes)
        runs.append(start..<end)
    }

    /// A run counts each key's and value's bytes in 32 bits, as LMDB does a value's: a larger one is refused by
    /// name rather than written wrong.
    private func checkStorable(_ row: Row) throws(ReadModelError) {
        guard row.value.count <= Int(UInt32.max) else {
            throw .storeUnavailable(directory: directory, reason: "a row of \(row.value.count) bytes is larger than a read model can store")
        }
    }

    /// The entries of every run merged in key order, each key once with the newest run's value. Runs beyond
    /// `fanIn` are first merged, oldest first, into fewer.
    func merged() throws(ReadModelError) -> Merge {
        while runs.count > Self.fanIn {
            var merge = Merge(descriptor: descriptor, directory: directory, runs: Array(runs.prefix(Self.fanIn)))
            let start = end
            var entries = RunEntries(capacity: 4 << 20)
            while let (key, value) = try merge.next() {
                entries.append(key: key, value: value)
                if entries.bytes.count >= 4 << 20 {
                    try write(entries.bytes)
                    entries.removeAll()
                }
            }
            try write(entries.bytes)
            runs = [start..<end] + runs.dropFirst(Self.fanIn)
        }
        return Merge(descriptor: descriptor, directory: directory, runs: runs)
    }

    /// What the generation holds, in chunks of about `bytes` each: the superseded versions for its history and the
    /// rows for its live database, each in key order.
    func chunks(bytes: Int = 32 << 20) throws(ReadModelError) -> Chunks {
        // A small model's chunk needs no more than its runs hold (and a version's live row no more than it).
        Chunks(merge: try merged(), keepsVersions: keepsVersions, directory: directory, bytes: max(1, min(bytes, end)))
    }

    /// Entries for a generation's two databases, in key order.
    struct Chunk {
        var versions = RunEntries()
        var rows = RunEntries()
    }

    /// Cuts the merged entries into chunks; for a model with history, each row's last version is its live row,
    /// stamped with its position (`LiveRow`), and the others go to the history.
    struct Chunks {
        fileprivate var merge: Merge
        let keepsVersions: Bool
        let directory: String
        let bytes: Int
        /// The escaped key of the row whose versions are being read, and its latest version (version key and value),
        /// held back until the next shows whether it was superseded: its live row once they end.
        private var group: [UInt8] = [], latestKey: [UInt8] = [], latest: [UInt8] = []
        private var done = false

        fileprivate init(merge: Merge, keepsVersions: Bool, directory: String, bytes: Int) {
            self.merge = merge
            self.keepsVersions = keepsVersions
            self.directory = directory
            self.bytes = bytes
        }

        mutating func next() throws(ReadModelError) -> Chunk? {
            guard !done else { return nil }
            var chunk = Chunk(versions: RunEntries(capacity: keepsVersions ? bytes : 0), rows: RunEntries(capacity: keepsVersions ? bytes / 4 : bytes))
            while chunk.versions.bytes.count + chunk.rows.bytes.count < bytes {
                guard let (key, value) = try merge.next() else {
                    try endGroup(&chunk)
                    done = true
                    break
                }
                guard keepsVersions else {
                    chunk.rows.append(key: key, value: value)
                    continue
                }
                guard key.count >= 10 else { throw SortedRuns.malformed(directory, "a rebuild's version key is \(key.count) bytes") }
                let groupKey = UnsafeRawBufferPointer(rebasing: key[..<(key.count - 8)])
                if !(group.count == groupKey.count && group.withUnsafeBytes { memcmp($0.baseAddress!, groupKey.baseAddress!, group.count) == 0 }) {
                    try endGroup(&chunk)
                    group.removeAll(keepingCapacity: true)
                    group.append(contentsOf: groupKey)
                } else {
                    chunk.versions.append(key: latestKey, value: latest)
                }
                latestKey.removeAll(keepingCapacity: true)
                latestKey.append(contentsOf: key)
                latest.removeAll(keepingCapacity: true)
                latest.append(contentsOf: value)
            }
            return chunk.versions.isEmpty && chunk.rows.isEmpty ? nil : chunk
        }

        private func endGroup(_ chunk: inout Chunk) throws(ReadModelError) {
            guard !group.isEmpty else { return }
            guard let key = VersionKey.key(of: group[...]), let (_, position) = VersionKey.split(latestKey) else {
                throw SortedRuns.malformed(directory, "a rebuild's version key does not unescape")
            }
            chunk.rows.append(key: key, stamp: position, value: latest)
        }
    }

    private func write(_ bytes: [UInt8]) throws(ReadModelError) {
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress! + written, $0.count - written, off_t(end + written)) }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else { throw Self.failure(directory, "cannot write a rebuild's sorted runs") }
            written += result
        }
        end += bytes.count
    }

    /// A failed system call, with the system's reason.
    static func failure(_ directory: String, _ what: String) -> ReadModelError {
        .storeUnavailable(directory: directory, reason: "\(what): \(String(cString: strerror(errno)))")
    }

    /// Bytes read back that are not what was written (a damaged disk): the rebuild stops, naming it.
    static func malformed(_ directory: String, _ what: String) -> ReadModelError {
        .storeUnavailable(directory: directory, reason: what)
    }

    /// Reads runs back merged: a heap of their cursors, smallest key (then oldest run) on top.
    struct Merge {
        private var cursors: [RunCursor]
        private var heap: [Int] = []
        private var started = false

        fileprivate init(descriptor: Int32, directory: String, runs: [Range<Int>]) {
            cursors = runs.map { RunCursor(descriptor: descriptor, directory: directory, bytes: $0) }
        }

        /// The next entry; its bytes are valid until the next call.
        mutating func next() throws(ReadModelError) -> (key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer)? {
            if !started {
                started = true
                for index in cursors.indices where try cursors[index].advance() { push(index) }
            } else if let top = heap.first {
                // The entry last handed out is done with: move its run on.
                if try cursors[top].advance() { siftDown(0) } else { pop() }
            }
            while let top = heap.first {
                // Of equal keys the newest run's counts, and it sorts after the others: skip this one if a child has it.
                let shadowed = [1, 2].contains { $0 < heap.count && Self.compare(cursors[top].key, cursors[heap[$0]].key) == 0 }
                guard shadowed else { return (cursors[top].key, cursors[top].value) }
                if try cursors[top].advance() { siftDown(0) } else { pop() }
            }
            return nil
        }

        private func less(_ a: Int, _ b: Int) -> Bool {
            let order = Self.compare(cursors[a].key, cursors[b].key)
            return order != 0 ? order < 0 : a < b
        }

        private static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
            let common = min(a.count, b.count)
            let order = common == 0 ? 0 : Int(memcmp(a.baseAddress!, b.baseAddress!, common))
            return order != 0 ? order : a.count - b.count
        }

        private mutating func push(_ cursor: Int) {
            heap.append(cursor)
            var child = heap.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard less(heap[child], heap[parent]) else { break }
                heap.swapAt(child, parent)
                child = parent
            }
        }

        private mutating func pop() {
            heap.swapAt(0, heap.count - 1)
            heap.removeLast()
            if !heap.isEmpty { siftDown(0) }
        }

        private mutating func siftDown(_ start: Int) {
            var parent = start
            while true {
                let left = 2 * parent + 1, right = left + 1
                var smallest = parent
                if left < heap.count, less(heap[left], heap[smallest]) { smallest = left }
                if right < heap.count, less(heap[right], heap[smallest]) { smallest = right }
                guard smallest != parent else { return }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
    }
}

/// Reads one run's entries in order through a buffer of its own.
private final class RunCursor {
    private let descriptor: Int32
    private let directory: String
    /// The run's bytes not yet read into the buffer.
    private var unread: Range<Int>
    private var buffer: UnsafeMutableRawBufferPointer
    /// The buffer's bytes read and not yet handed out.
    private var start = 0, filled = 0
    private(set) var key = UnsafeRawBufferPointer(start: nil, count: 0)
    private(set) var value = UnsafeRawBufferPointer(start: nil, count: 0)

    init(descriptor: Int32, directory: String, bytes: Range<Int>) {
        self.descriptor = descriptor
        self.directory = directory
        unread = bytes
        buffer = .allocate(byteCount: min(256 << 10, max(bytes.count, 16)), alignment: 8)
    }

    deinit { buffer.deallocate() }

    /// Moves to the next entry; false at the run's end.
    func advance() throws(ReadModelError) -> Bool {
        guard try available(8) else {
            guard filled == start else { throw SortedRuns.malformed(directory, "a rebuild's sorted run ends inside an entry") }
            return false
        }
        let (keyCount, valueCount) = RunEntries.counts(UnsafeRawBufferPointer(buffer), at: start)
        // A length beyond what the run holds is refused before any buffer grows to it.
        guard 8 + keyCount + valueCount <= filled - start + unread.count, try available(8 + keyCount + valueCount) else {
            throw SortedRuns.malformed(directory, "a rebuild's sorted run ends inside an entry")
        }
        key = UnsafeRawBufferPointer(rebasing: buffer[(start + 8)..<(start + 8 + keyCount)])
        value = UnsafeRawBufferPointer(rebasing: buffer[(start + 8 + keyCount)..<(start + 8 + keyCount + valueCount)])
        start += 8 + keyCount + valueCount
        return true
    }

    /// Whether `count` bytes are in the buffer from `start`, reading more (and growing it) as needed.
    private func available(_ count: Int) throws(ReadModelError) -> Bool {
        if filled - start >= count { return true }
        if count > buffer.count {
            let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 2 * buffer.count), alignment: 8)
            larger.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[start..<filled]))
            buffer.deallocate()
            buffer = larger
        } else if start > 0 {
            buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: filled - start)
        }
        filled -= start
        start = 0
        while filled < count, !unread.isEmpty {
            let wanted = min(buffer.count - filled, unread.count)
            let result = pread(descriptor, buffer.baseAddress! + filled, wanted, off_t(unread.lowerBound))
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else { throw SortedRuns.failure(directory, "cannot read a rebuild's sorted runs") }
            filled += result
            unread = (unread.lowerBound + result)..<unread.upperBound
        }
        return filled - start >= count
    }
}
