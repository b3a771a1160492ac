import Application
public import Commands
public import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Ledger
public import Logging
import NIOCore
public import Notary
import Projections
import Queries
import ServiceLifecycle
public import ReadModels

/// The analytics projection service: the read models over HTTP, kept up with the log by a follower, and the
/// domain's commands, recorded as the import records them.
public struct FangxinService {
    public struct Settings: Sendable {
        public var host = "127.0.0.1"
        public var port = 8080
        public var tokens = AccessTokens.none
        /// Signs and publishes checkpoints of the tree (`--signing-key`); nil: no checkpoint is served.
        public var publisher: CheckpointPublisher?
        /// The service's own TLS; nil: plain HTTP, for loopback or behind a proxy that speaks TLS.
        public var tls: ServiceTLS?
        /// How often, at most, the read models' digests are computed again once the models have moved
        /// (`DigestKeeper`): a walk of every model, which at a province's size takes minutes of one core.
        public var digestInterval: Duration
        /// What the standbys hold, and how many must hold a command's records before it is acknowledged
        /// (`--ack-replicas`, `--ack-timeout`); none unless told.
        public var acks: StandbyAcks

        public init(host: String = "127.0.0.1", port: Int = 8080, tokens: AccessTokens = .none, publisher: CheckpointPublisher? = nil,
                    tls: ServiceTLS? = nil, digestInterval: Duration = .seconds(600), acks: StandbyAcks = StandbyAcks(required: 0, timeout: .seconds(5))) {
            self.host = host
            self.port = port
            self.tokens = tokens
            self.publisher = publisher
            self.tls = tls
            self.digestInterval = digestInterval
            self.acks = acks
        }
    }

    /// Where commands go: recorded here, or, on a read replica, to the primary.
    public enum Writes: Sendable {
        case recorded(by: CommandRecorder)
        case primary(ReplicaSettings)
    }

    public let runner: ProjectionRunner
    public let writes: Writes
    public let follower: ProjectionFollower
    public let metrics = ServiceMetrics()
    public let settings: Settings
    let logger: Logger

    /// The service over `runner`'s ledger and read models; commands are recorded by `recorder`, on the same ledger.
    public init(runner: ProjectionRunner, recorder: CommandRecorder, settings: Settings, logger: Logger) {
        self.init(runner: runner, writes: .recorded(by: recorder), settings: settings, logger: logger)
    }

    /// The service over `runner`'s ledger and read models; commands go where `writes` says.
    public init(runner: ProjectionRunner, writes: Writes, settings: Settings, logger: Logger) {
        self.runner = runner
        self.writes = writes
        self.settings = settings
        self.logger = logger
        follower = ProjectionFollower(runner: runner, logger: logger)
    }

    /// The routes, with authentication in front of every one, and problems for every error.
    public func router() -> Router<ServiceContext> {
        // The routes are laid out once aside, so that the outermost middleware knows every path and its methods.
        let layout = Router(context: ServiceContext.self)
        addRoutes(to: layout)
        let router = Router(context: ServiceContext.self)
        router.add(middleware: ProblemMiddleware(routes: layout.routes.map { ($0.path.description, $0.method.rawValue) }, logger: logger))
        router.add(middleware: LogRequestsMiddleware(.debug))
        router.add(middleware: RequestMetrics(metrics: metrics))
        router.add(middleware: BearerAuthentication(tokens: settings.tokens))
        addRoutes(to: router)
        return router
    }

    private func addRoutes(to router: Router<ServiceContext>) {
        HealthRoutes(follower: follower, acks: settings.acks).add(to: router)
        OpenAPIDocument.add(to: router)
        var replica: ReplicaSettings?
        if case let .primary(settings) = writes { replica = settings }
        MetricsRoutes(metrics: metrics, ledger: runner.ledger, follower: follower, replica: replica, acks: replica == nil ? settings.acks : nil).add(to: router)
        let queries = ReadModelQueries(runner: runner, catchesUp: false)
        ReadRoutes(queries: queries, follower: follower).add(to: router)
        FeedRoutes(queries: queries, follower: follower).add(to: router)
        DashboardRoutes(queries: queries).add(to: router)
        switch writes {
        case let .recorded(recorder):
            CommandRoutes(recorder: recorder, metrics: metrics, acks: settings.acks).add(to: router)
            PrivacyRoutes(privacy: PrivacyService(ledger: runner.ledger, vault: recorder.vault), acks: settings.acks).add(to: router)
            StandbyRoutes(ledger: runner.ledger, vault: recorder.vault, acks: settings.acks).add(to: router)
        case let .primary(replica):
            ReplicaRoutes(primary: replica.primary).add(to: router)
        }
        ProofRoutes(ledger: runner.ledger, publisher: settings.publisher, mirrored: replica?.checkpoint, primary: replica?.primary).add(to: router)
    }

    /// The application: the HTTP server and the follower, shut down together on SIGINT or SIGTERM when run
    /// with `runService()`.
    public func application() throws -> some ApplicationProtocol {
        Application(
            router: router(),
            server: try settings.tls.map { tls in try HTTPServerBuilder.tls(.http1(), tlsConfiguration: tls.configuration) } ?? .http1(),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "fangxin"),
            services: [follower, DigestKeeper(follower: follower, interval: settings.digestInterval, logger: logger)]
                + (settings.publisher.map { [CheckpointService(publisher: $0)] } ?? []),
            logger: logger)
    }

    /// Runs until SIGINT or SIGTERM, then shuts the server and the follower down gracefully.
    public func run() async throws {
        do {
            try await application().runService()
        } catch let error as IOError where error.description.contains("bind") {
            throw ServiceError.cannotListen(host: settings.host, port: settings.port, reason: error.description)
        }
    }
}

/// Runs the checkpoint publisher with the server, stopping with it.
struct CheckpointService: Service {
    let publisher: CheckpointPublisher

    func run() async throws {
        await cancelWhenGracefulShutdown { await publisher.run() }
    }
}

public enum ServiceError: Error, CustomStringConvertible {
    case cannotListen(host: String, port: Int, reason: String)
    /// The TLS certificate or key cannot be used.
    case badTLS(String)

    public var description: String {
        switch self {
        case let .cannotListen(host, port, reason): return "cannot listen on \(host):\(port) (\(reason)); is another process using the port?"
        case .badTLS(let reason): return "TLS: \(reason)"
        }
    }
}
