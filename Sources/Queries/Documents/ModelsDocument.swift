/// The read models this service keeps: each with the version of the code that built it, how far it has folded
/// the log, how much it holds, and its digests as last computed (docs/READMODELS.md, "Digests").
public struct ModelsDocument: Codable, Sendable, Equatable {
    public struct Model: Codable, Sendable, Equatable {
        public let name: String
        public let version: Int
        public let position: UInt64
        /// Live rows, and versions its history keeps.
        public let rows: Int
        public let versions: Int
        /// Bytes of the pages its live rows and its history use in the store.
        public let rowBytes: UInt64
        public let historyBytes: UInt64
        /// Its digests, as computed at `digests.position`; nil until they have been computed for this build of it.
        public let digests: Digests?
    }

    /// A model's digests where they were last computed: kept, not computed per request.
    public struct Digests: Codable, Sendable, Equatable {
        public let position: UInt64
        /// SHA-256 of the canonical export, in hexadecimal; nil where a row could not be read.
        public let digest: String?
        /// SHA-256 of the history; nil for a model without one.
        public let historyDigest: String?
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
