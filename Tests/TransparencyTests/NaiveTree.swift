import Transparency

/// RFC 6962 §2.1 read literally: MTH of a list of leaves, recursively, with no tiles and no shortcuts.
enum NaiveTree {
    static func root(_ leaves: ArraySlice<[UInt8]>) -> TreeHash {
        switch leaves.count {
        case 0: return .emptyTree
        case 1: return .leaf(leaves.first!)
        default:
            var split = 1
            while split * 2 < leaves.count { split *= 2 }
            let start = leaves.startIndex
            return .node(root(leaves[start..<(start + split)]), root(leaves[(start + split)...]))
        }
    }

    /// Every root from size 0 to `leaves.count`, computed once each from the leaves' hashes.
    static func roots(_ leaves: [[UInt8]]) -> [TreeHash] {
        let hashes = leaves.map { TreeHash.leaf($0) }
        func root(_ slice: ArraySlice<TreeHash>) -> TreeHash {
            if slice.count == 1 { return slice.first! }
            var split = 1
            while split * 2 < slice.count { split *= 2 }
            let start = slice.startIndex
            return .node(root(slice[start..<(start + split)]), root(slice[(start + split)...]))
        }
        return [.emptyTree] + (1...max(hashes.count, 1)).prefix(hashes.count).map { root(hashes[0..<$0]) }
    }
}

/// Tiles kept in memory the way the ledger keeps them in LMDB: one value per tile, a partial one overwritten
/// as it grows.
struct MemoryTiles {
    var edge = TreeEdge()
    var tiles: [TileAddress: [TreeHash]] = [:]

    init(_ leaves: [[UInt8]]) {
        for leaf in leaves {
            edge.append(leaf: .leaf(leaf)) { address, hashes in tiles[address] = hashes }
            for (address, hashes) in edge.changedPartialTiles { tiles[address] = hashes }
            edge.markStored()
        }
    }

    func subtree(_ height: Int, _ index: UInt64) throws -> TreeHash {
        try TileHashes.completeSubtree(height: height, index: index) { tiles[$0] }
    }
}

/// Each complete subtree read from the tiles once, so that half a million proofs take seconds in a debug build.
final class SubtreeMemo {
    let tiles: MemoryTiles
    var hashes: [Int: [UInt64: TreeHash]] = [:]

    init(_ tiles: MemoryTiles) { self.tiles = tiles }

    func subtree(_ height: Int, _ index: UInt64) throws -> TreeHash {
        if let hash = hashes[height]?[index] { return hash }
        let hash = try tiles.subtree(height, index)
        hashes[height, default: [:]][index] = hash
        return hash
    }
}

func hex(_ text: String) -> [UInt8] {
    var bytes: [UInt8] = []
    var index = text.startIndex
    while index < text.endIndex {
        let next = text.index(index, offsetBy: 2)
        bytes.append(UInt8(text[index..<next], radix: 16)!)
        index = next
    }
    return bytes
}
