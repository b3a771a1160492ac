import Dispatch
import Foundation
import LMDB
import Transparency

/// The writer's part that keeps the Merkle tree: it stores the tiles that the records of a transaction change,
/// in that transaction, with the `tree-size` marker.
///
/// The writer stages each record's bytes as it writes it; at the end of the transaction the staged records are
/// hashed together, on every core when there are many (a bulk load), then added to the tree in order.
struct TreeKeeper {
    private(set) var edge = TreeEdge()
    /// Records written in this transaction and not yet in the tree, end to end.
    private var staged: [UInt8] = []
    private var stagedEnds: [Int] = []

    /// Staged records below this many are hashed on the writer's thread alone.
    static let parallelFrom = 2_048

    /// Keeps a copy of a record just written, to be added by `addStaged`.
    mutating func stage(record bytes: UnsafeRawBufferPointer) {
        staged.append(contentsOf: bytes)
        stagedEnds.append(staged.count)
    }

    /// Adds the staged records to the tree, storing each tile they fill.
    mutating func addStaged(in transaction: borrowing WriteTransaction, _ store: LedgerStore) throws {
        let count = stagedEnds.count
        guard count > 0 else { return }
        defer {
            staged.removeAll(keepingCapacity: staged.capacity <= 64 << 20)
            stagedEnds.removeAll(keepingCapacity: stagedEnds.capacity <= 1 << 20)
        }
        let width = TileAddress.fullWidth
        // Leaf i completes a level-0 tile when the tree then holds a multiple of 256; those tiles lying wholly in
        // this batch get their roots computed with the leaves.
        let firstTileEnd = (width - Int(edge.size % UInt64(width))) % width
        var leaves = [TreeHash](repeating: .emptyTree, count: count)
        var roots = [TreeHash?](repeating: nil, count: count)
        let chunks = count >= Self.parallelFrom ? max(1, min(8, System.processors)) : 1
        // Chunks end on tile boundaries, so that each holds whole tiles.
        let tilesAfterFirst = max(0, (count - firstTileEnd) / width)
        let bounds: [Int] = (0...chunks).map { chunk in
            chunk == chunks ? count : firstTileEnd + tilesAfterFirst * chunk / chunks * width
        }
        staged.withUnsafeBytes { bytes in
            stagedEnds.withUnsafeBufferPointer { ends in
                leaves.withUnsafeMutableBufferPointer { leaves in
                    roots.withUnsafeMutableBufferPointer { roots in
                        let shared = ChunkBuffers(bytes: bytes, ends: ends, leaves: leaves, roots: roots)
                        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                            shared.hash((chunk == 0 ? 0 : bounds[chunk])..<bounds[chunk + 1], firstTileEnd: firstTileEnd)
                        }
                    }
                }
            }
        }
        for index in 0..<count {
            try edge.append(leaf: leaves[index], tileRoot: roots[index]) { address, hashes in
                try Self.put(hashes, at: address, in: transaction, store)
            }
        }
    }

    /// Reads the edge of the stored tree.
    mutating func load(_ transaction: borrowing ReadTransaction, _ store: LedgerStore) throws {
        staged.removeAll()
        stagedEnds.removeAll()
        let size = try LedgerStore.treeSize(transaction, store)
        var partials: [[TreeHash]] = []
        for (address, width) in TreeEdge.partialTileAddresses(size: size) {
            while partials.count < address.level { partials.append([]) }
            let stored = try LedgerStore.tile(address, transaction, store) ?? []
            guard stored.count >= width else {
                throw LedgerError.damaged(position: 0, problem: "\(address) holds \(stored.count) hashes, a tree of \(size) records needs \(width)")
            }
            partials.append(Array(stored.prefix(width)))
        }
        guard let edge = TreeEdge(size: size, partialTiles: partials) else {
            throw LedgerError.damaged(position: 0, problem: "the tiles do not fit a tree of \(size) records")
        }
        self.edge = edge
    }

    /// Adds what is staged, then stores the partial tiles that changed and the size they cover.
    mutating func store(in transaction: borrowing WriteTransaction, _ store: LedgerStore) throws {
        try addStaged(in: transaction, store)
        for (address, hashes) in edge.changedPartialTiles { try Self.put(hashes, at: address, in: transaction, store) }
        edge.markStored()
        try LedgerStore.treeSizeKey.withUnsafeBytes { key in
            try withUnsafeBytes(of: edge.size.bigEndian) { value in try transaction.put(value, forKey: key, in: store.meta) }
        }
    }

    /// Builds the tree over records the tiles do not cover yet (a ledger written before the tree existed).
    mutating func catchUp(to head: UInt64, in transaction: borrowing WriteTransaction, _ store: LedgerStore) throws {
        guard edge.size < head else { return }
        var records: [[UInt8]] = []
        var key = Key.position(edge.size + 1)
        // Copies out of the snapshot first: a put may move the pages a read points into.
        try transaction.reading { transaction in
            try withUnsafeBytes(of: &key) { start in
                try transaction.forEach(in: store.records, from: start) { _, value in
                    records.append(Array(value))
                    return records.count < 100_000
                }
            }
        }
        for record in records { record.withUnsafeBytes { stage(record: $0) } }
        try addStaged(in: transaction, store)
        try self.store(in: transaction, store)
        if edge.size < head { try catchUp(to: head, in: transaction, store) }
    }

    private static func put(_ hashes: [TreeHash], at address: TileAddress, in transaction: borrowing WriteTransaction, _ store: LedgerStore) throws {
        try Key.tile(address).withUnsafeBytes { key in
            try TreeHash.concatenated(hashes).withUnsafeBytes { value in try transaction.put(value, forKey: key, in: store.tiles) }
        }
    }
}

enum System {
    /// The cores this process may use.
    static let processors = ProcessInfo.processInfo.activeProcessorCount
}

/// The staged records and the hashes computed from them, shared by the chunks of one `addStaged`: each chunk
/// reads its own records and writes only its own range of `leaves` and `roots`, so they never touch the same
/// memory.
private struct ChunkBuffers: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer
    let ends: UnsafeBufferPointer<Int>
    let leaves: UnsafeMutableBufferPointer<TreeHash>
    let roots: UnsafeMutableBufferPointer<TreeHash?>

    /// Hashes the records in `range`, then the roots of the level-0 tiles that lie wholly inside it.
    func hash(_ range: Range<Int>, firstTileEnd: Int) {
        for index in range {
            let start = index == 0 ? 0 : ends[index - 1]
            leaves[index] = TreeHash.leaf(UnsafeRawBufferPointer(rebasing: bytes[start..<ends[index]]))
        }
        let width = TileAddress.fullWidth
        var end = firstTileEnd + width
        while end <= range.upperBound {
            if end - width >= range.lowerBound { roots[end - 1] = TreeHash.root(ofComplete: leaves[(end - width)..<end]) }
            end += width
        }
    }
}
