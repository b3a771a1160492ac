/// The read models this service keeps: each with the version of the code that built it, how far it has folded
/// the log, and the digest of its canonical export there (docs/READMODELS.md, "Export").
public struct ModelsDocument: Codable, Sendable, Equatable {
    public struct Model: Codable, Sendable, Equatable {
        public let name: String
        public let version: Int
        public let position: UInt64
        public let rows: Int
        /// SHA-256 of the canonical export at `position`, in hexadecimal.
        public let digest: String
        /// Bytes of the pages its live rows and its history use in the store.
        public let rowBytes: UInt64
        public let historyBytes: UInt64
    }

    /// The lowest position among the models.
    public let position: UInt64
    public let models: [Model]

    init(models: [Model]) {
        self.models = models
        position = models.map(\.position).min() ?? 0
    }
}

/// What `fangxin export` wrote: the model, where, how many rows, and their digest.
public struct ExportSummary: Sendable, Equatable {
    public let name: String
    public let version: Int
    public let position: UInt64
    public let rows: Int
    public let digest: String
}
