/// The files as a crash could have left them: which of the traced changes reached the disk.
struct CrashState {
    /// The crash came after this many operations of the trace.
    let point: Int
    /// Changes (writes, truncations) that reached the disk whole; applied in the trace's order.
    var persisted: [Int]
    /// One write that reached the disk in part: the bytes of it in `range` (offsets within the write).
    var torn: (operation: Int, range: Range<Int>)?
    /// Files created whose names had not reached the disk: they are missing, whatever was written to them.
    var unnamed: Set<Int> = []
    /// Files unlinked whose removal had not reached the disk: they are still there.
    var stillNamed: Set<Int> = []
    /// How this state departs from the trace: "in order", "reordered", "torn" or "names".
    let kind: String

    /// The contents of each file (by name) in this state; ignored files and directories are left out.
    func files(of trace: Trace, ignoring ignored: Set<String>) -> [String: [UInt8]] {
        var contents: [Int: [UInt8]] = [:]
        var removed: Set<Int> = []
        for case .unlink(let file) in trace.operations.prefix(point) { removed.insert(file) }
        for (index, file) in trace.files.enumerated() where !file.isDirectory && !ignored.contains(file.name) && !unnamed.contains(index) {
            if let created = file.createdAt, created < point, !removed.contains(index) || stillNamed.contains(index) { contents[index] = [] }
        }
        func apply(_ operation: Int, _ range: Range<Int>?) {
            switch trace.operations[operation] {
            case let .write(file, offset, bytes, _):
                guard contents[file] != nil else { return }
                let range = range ?? bytes.indices
                let end = offset + range.upperBound
                if contents[file]!.count < end { contents[file]!.append(contentsOf: repeatElement(0, count: end - contents[file]!.count)) }
                contents[file]!.replaceSubrange((offset + range.lowerBound)..<end, with: bytes[range])
            case let .truncate(file, size):
                guard contents[file] != nil else { return }
                if contents[file]!.count > size { contents[file]!.removeLast(contents[file]!.count - size) }
                else { contents[file]!.append(contentsOf: repeatElement(0, count: size - contents[file]!.count)) }
            default: break
            }
        }
        var changes = persisted.map { ($0, nil as Range<Int>?) }
        if let torn { changes.append((torn.operation, torn.range)) }
        for (operation, range) in changes.sorted(by: { $0.0 < $1.0 }) { apply(operation, range) }
        return Dictionary(uniqueKeysWithValues: contents.map { (trace.files[$0.key].name, $0.value) })
    }
}
