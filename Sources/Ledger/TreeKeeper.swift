import Dispatch
import Foundation
import LMDB
import Transparency

/// The writer's part that keeps the Merkle tree: it stores the tiles that the records of a transaction change,
/// in that transaction, with the `tree-size` marker.
///
/// The writer stages a copy of each record as it writes it. Staged records are hashed in blocks on another
/// thread while the writer goes on writing (a bulk load keeps a second core busy instead of the writer); at the
/// end of the transaction the writer waits for the blocks and adds their leaves to the tree in order. A small
/// commit's few records are hashed on the writer's thread.
struct TreeKeeper {
    private(set) var edge = TreeEdge()
    /// Blocks handed to the hashing thread in this transaction, in order.
    private var blocks: [StagedBlock] = []
    private var current: StagedBlock
    private var hashing = DispatchGroup()
    /// Blocks done with, kept for the next transaction: fresh memory would fault its pages in on the writer.
    private var spare: [StagedBlock] = []

    /// Records a block holds before it is handed over: one tile's worth, so that the wait for the last block
    /// at the end of a transaction is short.
    static let blockRecords = 512
    // Serial: one core hashes, the other stays with the writer.
    private static let hasher = DispatchQueue(label: "fangxin-tree-hasher", qos: .userInitiated)

    init() { current = StagedBlock(start: 0) }

    private mutating func block(start: UInt64) -> StagedBlock {
        guard let block = spare.popLast() else { return StagedBlock(start: start) }
        block.reset(start: start)
        return block
    }

    /// Keeps a copy of a record just written, to be added when the transaction's tiles are stored.
    mutating func stage(record bytes: UnsafeRawBufferPointer) {
        current.bytes.append(contentsOf: bytes)
        current.ends.append(current.bytes.count)
        if current.ends.count == Self.blockRecords { handOver() }
    }

    private mutating func handOver() {
        let block = current
        blocks.append(block)
        current = self.block(start: block.start + UInt64(block.ends.count))
        Self.hasher.async(group: hashing) { block.hash() }
    }

    /// Adds the staged records to the tree, storing each tile they fill.
    mutating func addStaged(in transaction: borrowing WriteTransaction, _ store: LedgerStore) throws {
        if !current.ends.isEmpty {
            // The last records are hashed here, while the hashing thread finishes the blocks before them.
            current.hash()
            blocks.append(current)
            current = block(start: current.start + UInt64(current.ends.count))
        }
        hashing.wait()
        defer {
            if spare.count < 64 { spare += blocks.prefix(64 - spare.count) }
            blocks.removeAll()
            current.reset(start: edge.size)
        }
        for block in blocks {
            try edge.append(leaves: block.leaves, tileRoots: block.roots) { address, hashes in
                try Self.put(hashes, at: address, in: transaction, store)
            }
        }
    }

    /// Reads the edge of the stored tree.
    mutating func load(_ transaction: borrowing ReadTransaction, _ store: LedgerStore) throws {
        hashing.wait()
        blocks.removeAll()
        current.reset(start: 0)
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
        current.reset(start: size)
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

/// Records staged for the tree, and their hashes once `hash()` has run: handed to the hashing thread whole, and
/// read again only after it is done.
private final class StagedBlock: @unchecked Sendable {
    /// The tree index of the first record.
    private(set) var start: UInt64
    var bytes: [UInt8] = []
    var ends: [Int] = []
    var leaves: [TreeHash] = []
    /// The root of each level-0 tile that lies wholly in this block, at the index of its last leaf.
    var roots: [TreeHash?] = []

    init(start: UInt64) {
        self.start = start
        bytes.reserveCapacity(TreeKeeper.blockRecords * 512)
        ends.reserveCapacity(TreeKeeper.blockRecords)
    }

    /// Empties the block for reuse, keeping its memory.
    func reset(start: UInt64) {
        self.start = start
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        leaves.removeAll(keepingCapacity: true)
        roots.removeAll(keepingCapacity: true)
    }

    func hash() {
        bytes.withUnsafeBytes { bytes in
            for index in ends.indices {
                leaves.append(TreeHash.leaf(UnsafeRawBufferPointer(rebasing: bytes[(index == 0 ? 0 : ends[index - 1])..<ends[index]])))
            }
        }
        let width = TileAddress.fullWidth
        roots.append(contentsOf: repeatElement(nil, count: leaves.count))
        var last = (width - 1 - Int(start % UInt64(width))) % width
        while last < leaves.count {
            if last >= width - 1 { roots[last] = TreeHash.root(ofComplete: leaves[(last - width + 1)...last]) }
            last += width
        }
    }
}
