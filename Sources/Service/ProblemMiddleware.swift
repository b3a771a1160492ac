import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The outermost middleware: every error leaves as `application/problem+json`. An unknown path is 404; a known
/// path asked with another method is 405 with `Allow`. A fault of the service's own (a 500, or any error that
/// is not a problem) is logged with a fresh id and answered with that id only: never a path of the machine,
/// never the input echoed back.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = ServiceContext

    /// Each route's path, split into components (`{name}` or `:name` matches any one), and its method.
    private let routes: [(components: [Substring], method: String)]
    let logger: Logger

    init(routes: [(path: String, method: String)], logger: Logger) {
        self.routes = routes.map { ($0.path.split(separator: "/"), $0.method) }
        self.logger = logger
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as Problem where problem.status != .internalServerError {
            throw problem
        } catch let error as HTTPError where error.status == .notFound {
            let allowed = methods(for: request.uri.path)
            guard !allowed.isEmpty else { throw Problem(.notFound, "no route answers \(request.method) on this path") }
            var problem = Problem(.methodNotAllowed, "this path takes \(allowed.joined(separator: ", ")), not \(request.method)")
            problem.allowed = allowed
            throw problem
        } catch let error as any HTTPResponseError where error.status.code < 500 {
            throw Problem(error.status, error.status.reasonPhrase)
        } catch {
            let id = UUID().uuidString.lowercased()
            logger.error("internal fault", metadata: ["problem.id": "\(id)", "error": "\(error)", "http.method": "\(request.method)",
                                                      "http.route": "\(context.endpointPath ?? "?")"])
            var problem = Problem(.internalServerError, "the service met a fault of its own; quote \(id) when reporting it")
            problem.instance = "urn:fangxin:problem:\(id)"
            throw problem
        }
    }

    /// The methods the routes take on `path`, sorted; empty when no route has its shape.
    private func methods(for path: String) -> [String] {
        let components = path.split(separator: "/")
        let matching = routes.filter { route in
            route.components.count == components.count
                && zip(route.components, components).allSatisfy { pattern, part in pattern.hasPrefix(":") || pattern.hasPrefix("{") || pattern == part }
        }
        return Set(matching.map(\.method)).sorted()
    }
}
