/// A family of streams, one per aggregate: `complaint-<id>`, `merchant-<code>`. The name of a stream is its
/// category's prefix followed by the aggregate's id (docs/FORMAT.md, "Streams"), and every layer that names or
/// reads a stream of an aggregate takes it from here.
public struct StreamCategory: Hashable, Sendable, CustomStringConvertible {
    /// What every stream of the category starts with, e.g. "complaint-".
    public let prefix: String

    init(_ prefix: String) { self.prefix = prefix }

    public static let complaint = StreamCategory("complaint-")
    public static let merchant = StreamCategory("merchant-")
    /// A merchant's credit lines (授信), kept apart from its own stream: banks write them.
    public static let credit = StreamCategory("credit-")
    public static let report = StreamCategory("report-")

    /// Every aggregate's category, in the order the documents list them.
    public static let all: [StreamCategory] = [.complaint, .merchant, .credit, .report]

    /// The stream of the aggregate `id`.
    public func stream(_ id: some CustomStringConvertible) -> String { prefix + id.description }

    /// The id in `stream`, when the stream is of this category; nil otherwise, and for the bare prefix.
    public func id(of stream: String) -> Substring? {
        guard stream.utf8.count > prefix.utf8.count, stream.hasPrefix(prefix) else { return nil }
        return stream.dropFirst(prefix.count)
    }

    public var description: String { prefix }
}
