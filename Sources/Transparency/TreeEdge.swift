/// The right edge of a growing tree, as tiles: what a writer keeps in memory to add leaves and store tiles.
///
/// Appending leaves fills the rightmost tile of level 0; a full tile's root becomes the next hash of the level
/// above, and so on. `append` hands each tile that becomes full to its caller, and `partialTiles` gives the
/// partial ones, so that a writer stores every tile the tree of its new size has.
public struct TreeEdge: Sendable, Equatable {
    public private(set) var size: UInt64 = 0
    /// For each level, the hashes of its rightmost tile, which is never full (a full one moves up).
    private var partial: [[TreeHash]] = []
    /// The highest level whose partial tile changed since `markStored`, if any did.
    private var changedThrough: Int?

    public init() {}

    /// The edge of a tree of `size` leaves whose partial tiles are `partialTiles` (level 0 first; an empty
    /// array where a level's partial tile is empty). Nil when their widths do not fit `size`.
    public init?(size: UInt64, partialTiles: [[TreeHash]]) {
        self.size = size
        for level in 0... {
            let nodes = TileAddress.nodes(atLevel: level, size: size)
            if nodes == 0 { break }
            let tile = level < partialTiles.count ? partialTiles[level] : []
            guard tile.count == Int(nodes % UInt64(TileAddress.fullWidth)) else { return nil }
            partial.append(tile)
        }
        guard partialTiles.count <= partial.count || partialTiles[partial.count...].allSatisfy(\.isEmpty) else { return nil }
    }

    /// The addresses and widths of the partial tiles a tree of `size` leaves has, level 0 first.
    public static func partialTileAddresses(size: UInt64) -> [(address: TileAddress, width: Int)] {
        var result: [(TileAddress, Int)] = []
        for level in 0... {
            let nodes = TileAddress.nodes(atLevel: level, size: size)
            if nodes == 0 { break }
            let width = Int(nodes % UInt64(TileAddress.fullWidth))
            if width > 0 { result.append((TileAddress(level: level, index: nodes / UInt64(TileAddress.fullWidth)), width)) }
        }
        return result
    }

    /// Adds a leaf; `storeFull` receives every tile this makes full, lowest level first. A caller that hashed
    /// the level-0 tile this leaf completes already (in parallel) passes its root as `tileRoot`.
    public mutating func append(leaf: TreeHash, tileRoot: TreeHash? = nil, storeFull: (TileAddress, [TreeHash]) throws -> Void) rethrows {
        var hash = leaf
        var level = 0
        while true {
            if level == partial.count { partial.append([]) }
            partial[level].append(hash)
            guard partial[level].count == TileAddress.fullWidth else { break }
            let index = TileAddress.nodes(atLevel: level, size: size + 1) / UInt64(TileAddress.fullWidth) - 1
            try storeFull(TileAddress(level: level, index: index), partial[level])
            hash = level == 0 ? tileRoot ?? TreeHash.root(ofComplete: partial[level]) : TreeHash.root(ofComplete: partial[level])
            partial[level].removeAll(keepingCapacity: true)
            level += 1
        }
        changedThrough = max(changedThrough ?? 0, level)
        size += 1
    }

    /// Every partial tile of the tree, level 0 first, with its hashes.
    public var partialTiles: [(address: TileAddress, hashes: [TreeHash])] {
        partial.indices.compactMap { level in
            partial[level].isEmpty ? nil
                : (TileAddress(level: level, index: TileAddress.nodes(atLevel: level, size: size) / UInt64(TileAddress.fullWidth)), partial[level])
        }
    }

    /// Adds leaves in order, as `append(leaf:)` one by one would; `tileRoots[i]`, when given, is the root of the
    /// level-0 tile that `leaves[i]` completes. Filling level 0 a run at a time keeps a bulk load's writer cheap.
    public mutating func append(leaves: some Collection<TreeHash>, tileRoots: some Collection<TreeHash?>,
                                storeFull: (TileAddress, [TreeHash]) throws -> Void) rethrows {
        precondition(leaves.count == tileRoots.count)
        var leaf = leaves.startIndex
        var root = tileRoots.startIndex
        while leaf != leaves.endIndex {
            if partial.isEmpty { partial.append([]) }
            // Up to the end of the level-0 tile, the leaves only join it.
            let room = TileAddress.fullWidth - 1 - partial[0].count
            let run = min(room, leaves.distance(from: leaf, to: leaves.endIndex))
            if run > 0 {
                let end = leaves.index(leaf, offsetBy: run)
                partial[0].append(contentsOf: leaves[leaf..<end])
                leaf = end
                root = tileRoots.index(root, offsetBy: run)
                size += UInt64(run)
                changedThrough = max(changedThrough ?? 0, 0)
                continue
            }
            // This one completes the tile: the general path moves it up.
            try append(leaf: leaves[leaf], tileRoot: tileRoots[root], storeFull: storeFull)
            leaf = leaves.index(after: leaf)
            root = tileRoots.index(after: root)
        }
    }

    /// The partial tiles changed since the last `markStored`, with their hashes.
    public var changedPartialTiles: [(address: TileAddress, hashes: [TreeHash])] {
        guard let changedThrough else { return [] }
        return partial.indices.prefix(changedThrough + 1).compactMap { level in
            partial[level].isEmpty ? nil
                : (TileAddress(level: level, index: TileAddress.nodes(atLevel: level, size: size) / UInt64(TileAddress.fullWidth)), partial[level])
        }
    }

    /// Says that the changed partial tiles are stored.
    public mutating func markStored() { changedThrough = nil }
}
