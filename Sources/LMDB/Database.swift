import CLMDB

/// A named database inside an environment: a sorted map from byte keys to byte values.
///
/// Keys sort byte by byte (LMDB's default order), so integer keys are stored big-endian.
public struct Database: Sendable, Hashable {
    let handle: MDB_dbi
    public let name: String
}
