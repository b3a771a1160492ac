/// Which crash states POSIX allows after a prefix of a trace.
///
/// - A write reaches the disk once its file is synced (fsync or fdatasync) after it, or when the call returns if
///   the descriptor was opened O_DSYNC or O_SYNC. Until then it may be lost, and writes not yet durable may reach
///   the disk in any order: any subset of them may survive.
/// - A write in flight when the crash came may be torn at a sector boundary: the disk writes a sector (512
///   bytes) whole or not at all, and no more is assumed.
/// - A file created is named on disk once its directory is synced after the creation; until then it may be missing.
///   Likewise an unlinked file may still be there until its directory is synced after the unlink.
///
/// Every subset of the writes not yet durable is explored while there are at most `subsetsMax` of them; beyond
/// that, every prefix of them in trace order, each one lost with all others kept, and each one kept alone.
struct PersistenceModel {
    static let sectorBytes = 512

    let trace: Trace
    /// Files whose contents are not the ledger's state (left out of every crash state).
    let ignored: Set<String>
    let subsetsMax: Int
    /// The most tear points tried in one write, spread evenly over its sector boundaries.
    let tearsMax: Int

    func states(at point: Int) -> [CrashState] {
        var lastSync: [Int: Int] = [:]
        for index in 0..<point { if case .sync(let file) = trace.operations[index] { lastSync[file] = index } }
        var durable: [Int] = [], pending: [Int] = []
        for index in 0..<point {
            switch trace.operations[index] {
            case let .write(file, _, _, synchronous) where !isIgnored(file):
                (synchronous || lastSync[file, default: -1] > index) ? durable.append(index) : pending.append(index)
            case let .truncate(file, _) where !isIgnored(file):
                lastSync[file, default: -1] > index ? durable.append(index) : pending.append(index)
            default: break
            }
        }
        var states: [CrashState] = []
        for count in 0...pending.count {
            states.append(CrashState(point: point, durable: durable, kept: Array(pending.prefix(count)), kind: "in order"))
        }
        if pending.count <= subsetsMax {
            for mask in 0..<(1 << pending.count) where mask != (1 << pending.count) - 1 {
                let kept = pending.indices.filter { mask & (1 << $0) != 0 }.map { pending[$0] }
                states.append(CrashState(point: point, durable: durable, kept: kept, kind: "reordered"))
            }
        } else {
            for lost in pending {
                states.append(CrashState(point: point, durable: durable, kept: pending.filter { $0 != lost }, kind: "reordered"))
                states.append(CrashState(point: point, durable: durable, kept: [lost], kind: "reordered"))
            }
        }
        if point > 0, case let .write(file, offset, bytes, _) = trace.operations[point - 1], !isIgnored(file) {
            // The write in flight is neither durable nor kept whole: every other change is kept.
            let (base, others) = (durable.filter { $0 != point - 1 }, pending.filter { $0 != point - 1 })
            for boundary in tearPoints(offset: offset, count: bytes.count) {
                states.append(CrashState(point: point, durable: base, kept: others, torn: (point - 1, 0..<boundary), kind: "torn"))
                states.append(CrashState(point: point, durable: base, kept: others, torn: (point - 1, boundary..<bytes.count), kind: "torn"))
            }
        }
        for file in namesNotDurable(at: point) {
            if isUnlinked(file, before: point) {
                states.append(CrashState(point: point, durable: durable, kept: pending, stillNamed: [file], kind: "names"))
            } else {
                states.append(CrashState(point: point, durable: durable, kept: pending, unnamed: [file], kind: "names"))
            }
        }
        return states
    }

    private func isUnlinked(_ file: Int, before point: Int) -> Bool {
        trace.operations.prefix(point).contains { if case .unlink(file) = $0 { true } else { false } }
    }

    private func isIgnored(_ file: Int) -> Bool { ignored.contains(String(trace.files[file].name.split(separator: "/").last ?? "")) }

    /// Offsets within a write of `count` bytes at `offset` where a sector ends, at most `tearsMax` of them.
    private func tearPoints(offset: Int, count: Int) -> [Int] {
        let sector = Self.sectorBytes
        let first = (offset / sector + 1) * sector - offset
        let boundaries = Array(stride(from: first, to: count, by: sector))
        guard boundaries.count > tearsMax else { return boundaries }
        return (0..<tearsMax).map { boundaries[$0 * (boundaries.count - 1) / max(tearsMax - 1, 1)] }
    }

    /// Files created or unlinked before `point` whose directory was not synced between that change and `point`.
    private func namesNotDurable(at point: Int) -> [Int] {
        trace.files.indices.filter { index in
            let file = trace.files[index]
            guard let created = file.createdAt, created < point, !file.isDirectory, !isIgnored(index) else { return false }
            let unlinked = trace.operations[created..<point].firstIndex { if case .unlink(index) = $0 { true } else { false } }
            let parent = file.name.split(separator: "/").dropLast().joined(separator: "/")
            return !((unlinked ?? created)..<point).contains { at in
                guard case .sync(let synced) = trace.operations[at] else { return false }
                return trace.files[synced].isDirectory && trace.files[synced].name == parent
            }
        }
    }
}
