import Testing
import Transparency

@Suite struct MerkleTreeTests {
    /// RFC 6962's test leaves, as Certificate Transparency's implementations test them.
    static let rfcLeaves = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"].map(hex)
    static let rfcRoots = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]

    @Test func rootsFromTilesMatchTheRFC6962TestVectors() throws {
        let tiles = MemoryTiles(Self.rfcLeaves)
        for size in 1...8 {
            #expect(try MerkleTree.root(size: UInt64(size), tiles.subtree).hex == Self.rfcRoots[size - 1], "size \(size)")
        }
        #expect(TreeHash.emptyTree.hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    /// Leaves that cross tile boundaries at levels 0 and 1 (256 and 65,536 leaves), with a short last tile.
    static let leaves: [[UInt8]] = (0..<1_000).map { Array("record \($0)".utf8) }

    @Test func everyInclusionProofOfAThousandLeavesAtEverySizeVerifies() throws {
        let tiles = SubtreeMemo(MemoryTiles(Self.leaves))
        let roots = NaiveTree.roots(Self.leaves)
        let leafHashes = Self.leaves.map { TreeHash.leaf($0) }
        for size in 1...UInt64(Self.leaves.count) {
            for index in 0..<size {
                let proof = try MerkleTree.inclusionProof(index: index, size: size, tiles.subtree)
                guard ProofVerification.verifyInclusion(proof, leaf: leafHashes[Int(index)], index: index, size: size, root: roots[Int(size)]) else {
                    Issue.record("leaf \(index) in a tree of \(size) does not verify")
                    return
                }
            }
            #expect(try MerkleTree.root(size: size, tiles.subtree) == roots[Int(size)])
        }
    }

    @Test func consistencyProofsForEveryPairOfSizesUpTo64Verify() throws {
        let tiles = MemoryTiles(Array(Self.leaves.prefix(64)))
        let roots = NaiveTree.roots(Array(Self.leaves.prefix(64)))
        for to in 0...UInt64(64) {
            for from in 0...to {
                let proof = try MerkleTree.consistencyProof(from: from, to: to, tiles.subtree)
                #expect(ProofVerification.verifyConsistency(proof, from: from, to: to, fromRoot: roots[Int(from)], toRoot: roots[Int(to)]),
                        "\(from) → \(to)")
                // The proof binds both roots: any other old root fails.
                if from > 0 && from < to {
                    #expect(!ProofVerification.verifyConsistency(proof, from: from, to: to, fromRoot: roots[Int(from) - 1], toRoot: roots[Int(to)]))
                }
            }
        }
    }

    @Test func aProofForAnotherLeafOrSizeOrAlteredHashFails() throws {
        let tiles = MemoryTiles(Self.leaves)
        let roots = NaiveTree.roots(Self.leaves)
        let proof = try MerkleTree.inclusionProof(index: 300, size: 1_000, tiles.subtree)
        let leaf = TreeHash.leaf(Self.leaves[300])
        #expect(ProofVerification.verifyInclusion(proof, leaf: leaf, index: 300, size: 1_000, root: roots[1_000]))
        #expect(!ProofVerification.verifyInclusion(proof, leaf: .leaf(Self.leaves[301]), index: 300, size: 1_000, root: roots[1_000]))
        #expect(!ProofVerification.verifyInclusion(proof, leaf: leaf, index: 301, size: 1_000, root: roots[1_000]))
        #expect(!ProofVerification.verifyInclusion(proof, leaf: leaf, index: 300, size: 999, root: roots[999]))
        var altered = proof
        altered[3] = .leaf([1])
        #expect(!ProofVerification.verifyInclusion(altered, leaf: leaf, index: 300, size: 1_000, root: roots[1_000]))
        #expect(!ProofVerification.verifyInclusion(Array(proof.dropLast()), leaf: leaf, index: 300, size: 1_000, root: roots[1_000]))
        #expect(!ProofVerification.verifyInclusion(proof + [leaf], leaf: leaf, index: 300, size: 1_000, root: roots[1_000]))
    }

    @Test func appendingLeavesInRunsStoresWhatAppendingThemOneByOneDoes() {
        let leaves = (0..<70_000).map { TreeHash.leaf(Array("leaf \($0)".utf8)) }
        var single = TreeEdge(), singleTiles: [TileAddress: [TreeHash]] = [:]
        for leaf in leaves { single.append(leaf: leaf) { singleTiles[$0] = $1 } }
        var runs = TreeEdge(), runTiles: [TileAddress: [TreeHash]] = [:]
        var generator = SystemRandomNumberGenerator()
        var start = 0
        while start < leaves.count {
            let end = min(leaves.count, start + Int.random(in: 1...1_500, using: &generator))
            // Give the root of each level-0 tile that lies wholly in the run, as the ledger's hashing thread does.
            let roots: [TreeHash?] = (start..<end).map { index in
                (index + 1) % 256 == 0 && index - 255 >= start ? TreeHash.root(ofComplete: leaves[(index - 255)...index]) : nil
            }
            runs.append(leaves: leaves[start..<end], tileRoots: roots) { runTiles[$0] = $1 }
            start = end
        }
        #expect(runs == single)
        #expect(runTiles == singleTiles)
        #expect(runs.partialTiles.map(\.hashes) == single.partialTiles.map(\.hashes))
    }

    @Test func tilesHaveTheWidthsTlogTilesGivesATreeOf70000() {
        // C2SP tlog-tiles' own example.
        let partial = TreeEdge.partialTileAddresses(size: 70_000)
        #expect(partial.map { "\($0.address.level)/\($0.address.index)/\($0.width)" } == ["0/273/112", "1/1/17", "2/0/1"])
        #expect(TreeEdge.partialTileAddresses(size: 256).map { "\($0.address.level)/\($0.address.index)/\($0.width)" } == ["1/0/1"])
        #expect(TileAddress(level: 0, index: 272).width(inTreeOf: 70_000) == 256)
        #expect(TileAddress(level: 1, index: 0).width(inTreeOf: 70_000) == 256)
        #expect(TileAddress(level: 0, index: 274).width(inTreeOf: 70_000) == 0)
    }

    @Test func tilePathsAreWrittenAndReadAsTlogTilesLaysThemOut() {
        #expect(TileAddress.encode(1_234_067) == "x001/x234/067")
        #expect(TileAddress.encode(0) == "000")
        #expect(TileAddress.encode(1_000) == "x001/000")
        #expect(TileAddress(level: 2, index: 5).path(width: 17) == "tile/2/005.p/17")
        #expect(TileAddress.entriesPath(index: 1_234_067) == "tile/entries/x001/x234/067")
        #expect(TileAddress.parse(indexAndWidth: ["x001", "x234", "067"])! == (1_234_067, 256))
        #expect(TileAddress.parse(indexAndWidth: ["005.p", "17"])! == (5, 17))
        for bad: [Substring] in [["5"], ["x000", "005"], ["001", "002"], ["005.p", "0"], ["005.p", "256"], ["005.p", "017"], ["x1", "005"], []] {
            #expect(TileAddress.parse(indexAndWidth: bad) == nil, "\(bad)")
        }
    }
}
