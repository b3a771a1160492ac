import ArgumentParser
import Commands
import Foundation
import Hummingbird
import Ledger
import Logging
import Notary
import Replication
import ReadModels
import Service
import Transparency

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the read models over HTTP, kept up with the log as it grows.",
        discussion: """
            Listens on --host and --port (127.0.0.1:8080 unless told), on the ledger in --data, which it opens for \
            writing. On start the read models catch up with the log (GET /ready answers 503 until then); after \
            that they follow every append. Commands are taken over HTTP and decided as `fangxin import` decides them; a \
            new ledger first records the working calendar (--calendar) and the default policy (--policy). SIGINT or \
            SIGTERM shuts down gracefully, after the appends in flight.

            Callers present a bearer token (Authorization: Bearer TOKEN) from --tokens FILE, a JSON file that keeps \
            only each token's SHA-256 (see README, "The service"). Without a token only the public face answers:
            /health, /ready, /metrics, /openapi.json and the dashboard at /.

            --signing-key FILE (from `fangxin keys generate`) makes it a transparency log (docs/PROOFS.md): it signs \
            a checkpoint whenever the tree has grown, at most once a second, and when POST /v1/checkpoint asks; asks \
            each --witness URL=VKEY to cosign it (C2SP tlog-witness); keeps every checkpoint in DIR/checkpoints; \
            and publishes the latest at /checkpoint and /v1/checkpoint, the tiles under /tile/.

            --replica serves a read replica that `fangxin replicate` keeps in --data (docs/REPLICAS.md): the ledger is \
            opened for reading and followed as replication appends to it, every read is served, and every command is \
            answered 421 with the URL to send it to at the primary; /metrics adds the replication lag.

            --tls-cert FILE --tls-key FILE makes it speak TLS itself (https), with that certificate chain and key (PEM): \
            bearer tokens and records then never cross a network in clear. Without them it speaks plain HTTP, for \
            loopback or behind a proxy that speaks TLS.

            --ack-replicas N answers a command (201) only once N standbys hold its records on their disks: standbys are \
            `fangxin replicate` processes with tokens of the replica role, which follow the log append by append and \
            keep the vault's keys (docs/REPLICAS.md). A command that N standbys do not confirm within --ack-timeout \
            seconds is answered 503 with Retry-After: it is recorded here, not acknowledged; sent again with the same \
            Idempotency-Key it is answered as recorded once they hold it. /ready answers 503 while fewer than N follow.

            --demo loads the demonstration scenarios into an empty ledger first, makes a token for each role, \
            printed once on standard output, and, without --signing-key, signs with DIR/demo-log.key (made once).

            Examples:
              fangxin serve --demo
              fangxin serve --data /srv/fangxin --tokens tokens.json --signing-key zhejiang.key \\
                --witness https://court.example/witness=court.example/witness+1a2b3c4d+BE…
              fangxin serve --data /srv/fangxin --tokens /etc/fangxin/tokens.json --host 0.0.0.0 --port 8080
              fangxin serve --replica --data /srv/replica --tokens tokens.json --port 8081
              fangxin serve --data /srv/fangxin --tokens tokens.json --signing-key zhejiang.key --ack-replicas 1 --ack-timeout 2
              fangxin serve --data /srv/fangxin --tokens tokens.json --host 0.0.0.0 --port 8443 \\
                --tls-cert /etc/fangxin/tls/chain.pem --tls-key /etc/fangxin/tls/key.pem
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(help: "The port to listen on.") var port = 8080
    @Option(help: ArgumentHelp("The tokens file (SHA-256 digests of bearer tokens, with their actors and roles).", valueName: "file"))
    var tokens: String?
    @Flag(help: "Load the demonstration scenarios into an empty ledger, and print a demo token for each role.") var demo = false
    @Option(help: ArgumentHelp("Log level: trace, debug, info, notice, warning, error, critical.", valueName: "level"))
    var logLevel: String = "info"
    @OptionGroup var calendar: CalendarOptions
    @Option(help: ArgumentHelp("The default policy a new ledger records. Also $FANGXIN_POLICY. Default: the policy built in (Fixtures/policy/default.json).", valueName: "file"))
    var policy: String? = PolicyFile.defaultPath
    @Option(help: ArgumentHelp("With --demo: the folder of scenario files. Also $FANGXIN_SCENARIOS. Default: the scenarios built in.", valueName: "dir"))
    var scenarios: String? = DemoScenarios.defaultFolder
    @Option(help: ArgumentHelp("The log's private key file: sign and publish checkpoints.", valueName: "file"))
    var signingKey: String?
    @Option(help: ArgumentHelp("A witness to ask for cosignatures, as URL=VKEY; repeat for several (needs --signing-key).", valueName: "url=vkey"))
    var witness: [String] = []
    @Flag(help: "Serve the read replica `fangxin replicate` keeps in --data: reads only, commands refused naming the primary.")
    var replica = false
    @Option(help: ArgumentHelp("Speak TLS (https): the server's certificate chain, PEM, its own certificate first (needs --tls-key).", valueName: "file"))
    var tlsCert: String?
    @Option(help: ArgumentHelp("The private key of --tls-cert, PEM.", valueName: "file"))
    var tlsKey: String?
    @Option(help: ArgumentHelp("Answer a command only once this many standbys (`fangxin replicate` with a replica's token) hold its records, 0 to 9.", valueName: "n"))
    var ackReplicas = 0
    @Option(help: ArgumentHelp("With --ack-replicas: seconds a command waits for its standbys before it is answered 503, 0.01 to 60.", valueName: "seconds"))
    var ackTimeout = 5.0

    func validate() throws {
        if replica {
            for (given, option) in [(demo, "--demo"), (signingKey != nil, "--signing-key"), (!witness.isEmpty, "--witness")] where given {
                throw ValidationError("--replica cannot take \(option): a replica serves its primary's log as copied, and records and signs nothing")
            }
        }
        if replica && ackReplicas > 0 { throw ValidationError("--replica cannot take --ack-replicas: a replica records nothing to acknowledge") }
        guard (0...9).contains(ackReplicas) else { throw ValidationError("--ack-replicas \(ackReplicas): give 0 (answer once on this machine's disk) to 9") }
        guard ackTimeout.isFinite, (0.01...60).contains(ackTimeout) else { throw ValidationError("--ack-timeout \(ackTimeout): give 0.01 to 60 seconds") }
        if !witness.isEmpty && signingKey == nil && !demo { throw ValidationError("--witness needs --signing-key: a witness cosigns the log's checkpoints") }
        guard (1...65_535).contains(port) else { throw ValidationError("--port \(port): a port is from 1 to 65535") }
        guard (tlsCert == nil) == (tlsKey == nil) else { throw ValidationError("--tls-cert and --tls-key go together: a certificate chain and its private key") }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level \(logLevel): one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() async throws {
        var logger = Logger(label: "fangxin")
        logger.logLevel = Logger.Level(rawValue: logLevel)!
        var tls: ServiceTLS?
        if let tlsCert, let tlsKey {
            do { tls = try ServiceTLS(certificateChain: tlsCert, privateKey: tlsKey) } catch {
                printError("fangxin: \(error)")
                throw ExitCode(.ledgerUnavailable)
            }
        }
        var accepted = AccessTokens.none
        if let tokens {
            do { accepted = try AccessTokens(contentsOf: tokens) } catch {
                printError("fangxin: \(error)")
                throw ExitCode(.ledgerUnavailable)
            }
        }
        if replica {
            if accepted.isEmpty { logger.warning("no tokens (--tokens FILE): only /health and /ready will answer") }
            return try await serveReplica(tokens: accepted, tls: tls, logger: logger)
        }
        let calendar = try CalendarFiles.load(self.calendar.calendar)
        let (deadlines, tiers) = try PolicyFile.load(policy)
        let clock = StoryClock()
        let ledger = try global.openForWriting(as: "serve", clock: clock)
        defer { ledger.close() }
        let wasEmpty = try failing { try ledger.head().position } == 0
        if demo && wasEmpty { clock.follow(StoryClock.firstDay) }
        let recorder = try await CommandRecorder.opening(ledger, calendar: calendar, deadlines: deadlines, tiers: tiers, actor: "fangxin-serve")
        if demo {
            if wasEmpty {
                _ = try await DemoScenarios(folder: scenarios).load(with: ImportRunner(recorder: recorder), clock: clock)
                clock.goLive()
            } else {
                print("the ledger in \(global.data) holds events already: demo scenarios not loaded")
            }
            accepted = try Self.demoTokens(adding: accepted)
        }
        // The tokens must reach a pipe now, not when the service ends.
        fflush(nil)
        if accepted.isEmpty { logger.warning("no tokens (--tokens FILE): only /health and /ready will answer") }
        let store = try readModels { try ReadModelStore(ledgerDirectory: global.data) }
        let publisher = try checkpointPublisher(ledger, logger: logger)
        let service = FangxinService(runner: ProjectionRunner(ledger: ledger, store: store), recorder: recorder,
                                     settings: .init(host: host, port: port, tokens: accepted, publisher: publisher, tls: tls,
                                                     acks: StandbyAcks(required: ackReplicas, timeout: .milliseconds(Int64((ackTimeout * 1000).rounded())))),
                                     logger: logger)
        if ackReplicas > 0 { print("commands are acknowledged once \(ackReplicas) standby\(ackReplicas == 1 ? "" : "s") hold\(ackReplicas == 1 ? "s" : "") them"); fflush(nil) }
        do {
            try await service.run()
        } catch let error as ServiceError {
            printError("fangxin: \(error)")
            throw ExitCode(.ledgerUnavailable)
        }
    }

    /// Serves the replica in --data: read-only, following what `fangxin replicate` appends.
    private func serveReplica(tokens: AccessTokens, tls: ServiceTLS?, logger: Logger) async throws {
        let directory = global.data
        let state = try global.replicaState(otherwise: "`fangxin replicate --data \(directory)` makes one")
        var options = Ledger.Options(readOnly: true)
        options.followsOtherWriterEvery = .milliseconds(100)
        let ledger = try failing { try Ledger(directory: directory, options: options) }
        defer { ledger.close() }
        let store = try readModels { try ReadModelStore(ledgerDirectory: directory) }
        let replica = ReplicaSettings(primary: state.primary, status: {
            guard let state = (try? ReplicaState.load(ledger: directory)) ?? nil, state.seenAt > 0 else { return nil }
            return ReplicaSettings.Status(primarySize: state.seenSize, seenAt: state.seenAt)
        }, checkpoint: {
            ((try? ReplicaState.load(ledger: directory)) ?? nil)?.complete
        })
        print("a read replica of \(state.primary); commands go there")
        fflush(nil)
        let service = FangxinService(runner: ProjectionRunner(ledger: ledger, store: store), writes: .primary(replica),
                                     settings: .init(host: host, port: port, tokens: tokens, tls: tls), logger: logger)
        do {
            try await service.run()
        } catch let error as ServiceError {
            printError("fangxin: \(error)")
            throw ExitCode(.ledgerUnavailable)
        }
    }

    /// The publisher of checkpoints, when there is a key to sign them with.
    private func checkpointPublisher(_ ledger: Ledger, logger: Logger) throws -> CheckpointPublisher? {
        var keyFile = signingKey
        if keyFile == nil && demo {
            keyFile = global.data + "/demo-log.key"
            if !FileManager.default.fileExists(atPath: keyFile!) {
                let signer = try NoteSigner.generate(name: "fangxin.example/demo", kind: .ed25519)
                try KeyFiles.writeSecret(signer.privateKeyText, to: keyFile!)
            }
        }
        guard let keyFile else { return nil }
        let signer = try KeyFiles.signer(at: keyFile)
        guard signer.verifier.kind == .ed25519 else { throw ValidationError("\(keyFile) is a witness's key; the log signs with a log's key") }
        let witnesses = try witness.map { argument in
            do { return try WitnessEndpoint(argument: argument) } catch { throw ValidationError("--witness \(argument): \(error)") }
        }
        let archive = try failing { try CheckpointArchive.open(in: global.data) }
        print("checkpoints signed by \(signer.verifier.vkey)")
        let notary = CheckpointNotary(ledger: ledger, signer: signer, archive: archive)
        if let (origin, keyID) = notary.rotation() {
            // Not an alteration: the tree is checked against every checkpoint kept, and signed afresh (docs/PROOFS.md).
            let was = keyID.map { String(format: "%08x", $0) } ?? "unknown"
            print(origin == notary.origin
                  ? "the log's key was rotated: checkpoints were signed by key \(was) of \(origin), from now on by \(signer.verifier.vkey)"
                  : "the log's origin changed: checkpoints were signed as \(origin) (key \(was)), from now on as \(notary.origin); witnesses and replicas need the new verifier key")
        }
        fflush(nil)
        return CheckpointPublisher(notary: notary, witnesses: witnesses) { message in
            logger.warning("\(message)")
        }
    }

    /// A fresh random token for each role, printed once; the service keeps only their digests.
    private static func demoTokens(adding tokens: AccessTokens) throws -> AccessTokens {
        var entries: [AccessTokens.Entry] = []
        print("demo tokens (valid until this process ends):")
        for role in Role.allCases {
            let token = AccessTokens.newToken()
            // The demo's organisations: a merchant of the scenarios, their bank, and Zhejiang's bureaus.
            let merchant = role == .merchant ? "91330421MA28JJY015" : nil
            let bank = role == .bank ? "岱山农商银行" : nil
            let region = role == .regulator || role == .mediator ? "330000" : nil
            entries.append(.init(token: token, actor: "demo-\(role.rawValue)", role: role, merchant: merchant, bank: bank, region: region))
            print("  \(role.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(token)")
        }
        return try AccessTokens(entries + tokens.entries)
    }
}
