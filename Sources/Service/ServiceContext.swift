import Hummingbird

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
}
