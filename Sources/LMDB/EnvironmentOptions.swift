/// How an environment is opened.
public struct EnvironmentOptions: Sendable {
    /// The most named databases the environment may hold.
    public var maxDatabases: Int = 8
    /// The memory map's size when the environment is created; it grows on demand.
    public var initialMapSizeBytes: Int = 256 << 20
    /// The largest single step by which a full map grows (it doubles until this step).
    public var mapGrowthStepMaxBytes: Int = 4 << 30
    /// The largest the map may grow to: a write that fills it then fails with `MDB_MAP_FULL`, and nothing of it
    /// is kept. By default as large as the address space allows (1 TiB).
    public var mapSizeMaxBytes: Int = 1 << 40
    /// Opens for reading only: no write transaction can begin, and the files are not created.
    public var readOnly: Bool = false
    /// The most read transactions open at once, across every process using the environment.
    public var maxReaders: Int = 126

    public init() {}
}
