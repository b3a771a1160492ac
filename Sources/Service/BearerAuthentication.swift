import Foundation
import Hummingbird

/// Names the caller from `Authorization: Bearer TOKEN`. A request without one goes on as anonymous, for the
/// public face; a token that is not known is refused outright rather than treated as anonymous.
///
/// Whatever answers an authenticated request is for its caller alone: its `Cache-Control` is made `private`, so
/// that no shared cache in front serves records, tiles or read models to whoever asks next. Only the public face
/// may be `public`.
struct BearerAuthentication: RouterMiddleware {
    let tokens: AccessTokens

    func handle(_ request: Request, context: ServiceContext, next: (Request, ServiceContext) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else { return try await next(request, context) }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw Problem(.unauthorized, "the Authorization header must read \"Bearer TOKEN\"")
        }
        guard let caller = tokens.caller(presenting: String(parts[1]).trimmingCharacters(in: .whitespaces)) else { throw Problem.unknownToken }
        var context = context
        context.caller = caller
        var response = try await next(request, context)
        response.headers[.cacheControl] = Self.privately(response.headers[.cacheControl])
        return response
    }

    /// `directives` for one caller's cache only: `public` and `private` taken out, `private` put first.
    static func privately(_ directives: String?) -> String {
        let kept = (directives ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !["public", "private"].contains($0.lowercased()) }
        return (["private"] + kept).joined(separator: ", ")
    }
}
