/// Checks proofs as RFC 9162 §2.1.3.2 and §2.1.4.2 describe, with nothing but the hashes given.
public enum ProofVerification {
    /// The root that `proof` leads to from leaf `index`'s hash in a tree of `size` leaves; nil when the proof
    /// has the wrong length for that index and size.
    public static func root(fromInclusion proof: [TreeHash], leaf: TreeHash, index: UInt64, size: UInt64) -> TreeHash? {
        guard index < size else { return nil }
        var fn = index, sn = size - 1, result = leaf
        for sibling in proof {
            guard sn != 0 else { return nil }
            if fn & 1 == 1 || fn == sn {
                result = .node(sibling, result)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 { fn >>= 1; sn >>= 1 }
                }
            } else {
                result = .node(result, sibling)
            }
            fn >>= 1; sn >>= 1
        }
        return sn == 0 ? result : nil
    }

    /// Whether `proof` shows leaf `index`, hashing to `leaf`, in the tree of `size` leaves whose root is `root`.
    public static func verifyInclusion(_ proof: [TreeHash], leaf: TreeHash, index: UInt64, size: UInt64, root: TreeHash) -> Bool {
        Self.root(fromInclusion: proof, leaf: leaf, index: index, size: size) == root
    }

    /// Whether `proof` shows that the tree of size `from` with root `fromRoot` is a prefix of the tree of size
    /// `to` with root `toRoot`. The empty tree is a prefix of every tree, with an empty proof.
    public static func verifyConsistency(_ proof: [TreeHash], from: UInt64, to: UInt64, fromRoot: TreeHash, toRoot: TreeHash) -> Bool {
        guard from <= to else { return false }
        if from == to { return proof.isEmpty && fromRoot == toRoot }
        if from == 0 { return proof.isEmpty && fromRoot == .emptyTree }
        guard !proof.isEmpty else { return false }
        var path = proof
        // When the old tree is complete, its root is the first node of the path, which the proof leaves out.
        if from & (from - 1) == 0 { path.insert(fromRoot, at: 0) }
        var fn = from - 1, sn = to - 1
        while fn & 1 == 1 { fn >>= 1; sn >>= 1 }
        var fr = path.first!, sr = path.first!
        for node in path.dropFirst() {
            guard sn != 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                fr = .node(node, fr)
                sr = .node(node, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 { fn >>= 1; sn >>= 1 }
                }
            } else {
                sr = .node(sr, node)
            }
            fn >>= 1; sn >>= 1
        }
        return sn == 0 && fr == fromRoot && sr == toRoot
    }
}
