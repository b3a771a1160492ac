import Commands
import Hummingbird

/// On a read replica, every request that would record something — each command, an erasure, a reveal — is
/// answered 421 Misdirected Request, naming the URL at the primary to send it to. The paths are the primary's,
/// so that a client learns where to go rather than that the path is unknown.
struct ReplicaRoutes {
    let primary: String

    func add(to router: Router<ServiceContext>) {
        let v1 = router.group("v1")
        var paths: [String] = ["privacy/erasures", "complaints/:id/reveal"]
        for (target, collection, subject) in CommandRoutes.paths {
            for command in target.commands { paths.append("\(collection)/:\(subject)/\(command)") }
        }
        for path in paths {
            v1.post(RouterPath(path)) { request, _ -> Response in
                throw Problem(.misdirectedRequest, "this service is a read replica of \(primary), which records commands: send this request to \(Self.join(primary, request.uri.path))")
            }
        }
    }

    static func join(_ base: String, _ path: String) -> String {
        (base.hasSuffix("/") ? String(base.dropLast()) : base) + path
    }
}
