import Foundation
public import Hummingbird

/// The request context of every route: Hummingbird's own, and the caller its bearer token names.
public struct ServiceContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Nil when no token came with the request.
    public var caller: Caller?

    public init(source: Source) {
        coreContext = .init(source: source)
    }

    /// The caller, or 401 when the request carried no token.
    @discardableResult
    func requireCaller() throws -> Caller {
        guard let caller else { throw Problem.unauthenticated }
        return caller
    }

    /// A path parameter, percent-decoded: ids in any script reach the service as import reads them. 400 when
    /// its percent-encoding is broken.
    func path(_ name: String) throws(Problem) -> String {
        let raw = parameters.get(name) ?? ""
        guard let decoded = raw.removingPercentEncoding else {
            throw Problem(.badRequest, "the path's \(name) \"\(raw)\" is not valid percent-encoded UTF-8", field: name)
        }
        return decoded
    }
}
