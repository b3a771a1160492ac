/// The files as a crash could have left them: which of the traced changes reached the disk.
struct CrashState {
    /// The crash came after this many operations of the trace.
    let point: Int
    /// Changes (writes, truncations) durable at the crash point: on disk in every state of that point.
    var durable: [Int]
    /// Changes not yet durable that this state keeps whole.
    var kept: [Int] = []
    /// One write that reached the disk in part: the bytes of it in `range` (offsets within the write).
    var torn: (operation: Int, range: Range<Int>)?
    /// Files created whose names had not reached the disk: they are missing, whatever was written to them.
    var unnamed: Set<Int> = []
    /// Files unlinked whose removal had not reached the disk: they are still there.
    var stillNamed: Set<Int> = []
    /// How this state departs from the trace: "in order", "reordered", "torn" or "names".
    let kind: String
}

/// Builds the files of crash states, each from the image of its durable changes, which the states of one crash
/// point share: a state then costs only what it keeps beyond them, not the whole trace again.
struct StateFiles {
    let trace: Trace
    /// Files left out of every state.
    let ignored: Set<String>
    private var durable: [Int] = []
    private var image: [Int: [UInt8]] = [:]

    init(trace: Trace, ignoring ignored: Set<String>) {
        self.trace = trace
        self.ignored = ignored
    }

    /// The contents of each file (by name) in `state`; ignored files and directories are left out.
    mutating func files(of state: CrashState) -> [String: [UInt8]] {
        if state.durable != durable {
            durable = state.durable
            image = [:]
            for operation in durable { apply(operation, nil, to: &image) }
        }
        var contents: [Int: [UInt8]]
        var extra = state.kept.map { ($0, nil as Range<Int>?) }
        if let torn = state.torn { extra.append((torn.operation, torn.range)) }
        extra.sort { $0.0 < $1.0 }
        if extra.contains(where: { precedesOverlappingDurable($0.0) }) {
            // A change kept that the trace made before a durable one it overlaps: all of them, in the trace's order.
            contents = [:]
            for (operation, range) in (durable.map { ($0, nil as Range<Int>?) } + extra).sorted(by: { $0.0 < $1.0 }) {
                apply(operation, range, to: &contents)
            }
        } else {
            contents = image
            for (operation, range) in extra { apply(operation, range, to: &contents) }
        }
        var removed: Set<Int> = []
        for case .unlink(let file) in trace.operations.prefix(state.point) { removed.insert(file) }
        var files: [String: [UInt8]] = [:]
        for (index, file) in trace.files.enumerated() where !file.isDirectory && !ignored.contains(String(file.name.split(separator: "/").last ?? "")) && !state.unnamed.contains(index) {
            guard let created = file.createdAt, created < state.point, !removed.contains(index) || state.stillNamed.contains(index) else { continue }
            files[file.name] = contents[index] ?? []
        }
        return files
    }

    /// Whether a later durable change writes bytes this one writes (or truncates its file).
    private func precedesOverlappingDurable(_ operation: Int) -> Bool {
        guard let (file, range) = extent(operation) else { return false }
        return durable.contains { other in
            guard other > operation, let (otherFile, otherRange) = extent(other), otherFile == file else { return false }
            return otherRange.overlaps(range) || otherRange.isEmpty
        }
    }

    /// The file and bytes a change writes; a truncation reaches from its size on (empty: it moves the end).
    private func extent(_ operation: Int) -> (Int, Range<Int>)? {
        switch trace.operations[operation] {
        case let .write(file, offset, bytes, _): return (file, offset..<(offset + bytes.count))
        case let .truncate(file, _): return (file, 0..<0)
        default: return nil
        }
    }

    private func apply(_ operation: Int, _ range: Range<Int>?, to contents: inout [Int: [UInt8]]) {
        switch trace.operations[operation] {
        case let .write(file, offset, bytes, _):
            let range = range ?? bytes.indices
            let end = offset + range.upperBound
            var data = contents[file] ?? []
            contents[file] = nil   // uniquely held while it is changed
            if data.count < end { data.append(contentsOf: repeatElement(0, count: end - data.count)) }
            data.replaceSubrange((offset + range.lowerBound)..<end, with: bytes[range])
            contents[file] = data
        case let .truncate(file, size):
            var data = contents[file] ?? []
            contents[file] = nil
            if data.count > size { data.removeLast(data.count - size) } else { data.append(contentsOf: repeatElement(0, count: size - data.count)) }
            contents[file] = data
        default: break
        }
    }
}
