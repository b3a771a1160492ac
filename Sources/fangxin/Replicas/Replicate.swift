import ArgumentParser
import Foundation
import Ledger
import Replication
import Transparency

struct Replicate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Keep a verified copy of a primary's ledger (docs/REPLICAS.md).",
        discussion: """
            Copies the ledger of the primary `fangxin serve` at --from into --data, record for record as the primary \
            stored them, and keeps it up to date. Each round fetches the primary's signed checkpoint and checks it: \
            signed by --key, and consistent with the last one the copy was verified against. Then it fetches the new \
            records from the entry bundles (C2SP tlog-tiles) and stores them a batch at a time, each batch only if its \
            records follow the copy's chain and rules and their tree is inside the signed one. The primary's \
            --token must be an auditor's, regulator's or admin's (entry bundles hold whole records).

            A new directory becomes a replica; one holding a ledger that is not a replica of this log is refused. \
            `fangxin serve --replica --data DIR` serves it. If the primary ever contradicts what it signed or what the \
            copy holds, replication stops with exit code 7 and keeps the evidence (the signed checkpoints, the proof, \
            the records served) in DIR/replica/evidence/.

            With --once it catches up and exits; without, it looks for a new checkpoint every --interval seconds \
            until stopped, and waits and tries again when the primary cannot be reached. The token is read from \
            $FANGXIN_TOKEN when --token is not given, which keeps it out of the process list.

            Over https the primary's certificate must name its host and chain to a trusted authority: the system's, \
            or those in --ca FILE. Between machines, use https: the token and the records cross the network.

            Examples:
              fangxin replicate --from https://fangxin.zj.example --key zhejiang.vkey --data /srv/replica --once
              fangxin replicate --from https://10.0.0.5:8443 --ca bureau-ca.pem --key zhejiang.vkey --data /srv/replica
              FANGXIN_TOKEN=… fangxin replicate --from http://10.0.0.5:8080 --key "$(cat zhejiang.vkey)" --data /srv/replica
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("The primary's root URL (http or https).", valueName: "url")) var from: String
    @Option(help: ArgumentHelp("A bearer token the primary accepts, of an auditor, regulator or admin. Also $FANGXIN_TOKEN.", valueName: "token"))
    var token: String?
    @Option(help: ArgumentHelp("The primary log's verifier key, or a file holding it.", valueName: "vkey")) var key: String
    @Flag(help: "Catch up with the primary's latest checkpoint, then exit.") var once = false
    @Option(help: ArgumentHelp("Seconds between looks for a new checkpoint, 0.1 to 3600.", valueName: "seconds")) var interval = 1.0
    @Option(help: ArgumentHelp("Records fetched before a batch is stored, \(Self.batchRange.lowerBound) to \(Self.batchRange.upperBound).", valueName: "n"))
    var batch = 16_384
    @Flag(help: "Print a JSON summary when done.") var json = false
    @Flag(help: "The primary rotated its log key (or renamed its origin): bind this replica to --key, once a checkpoint it signed is proven consistent with the one the copy holds.")
    var keyRotated = false
    @Option(help: ArgumentHelp("With an https primary: trust the certificate authorities in this PEM file instead of the system's (a bureau's private authority).", valueName: "file"))
    var ca: String?

    static let batchRange = 256...1_000_000

    func validate() throws {
        let url = try primaryURL()
        if ca != nil, url.scheme != "https" { throw ValidationError("--ca: a certificate authority is for an https primary; --from is \(url.scheme ?? "")") }
        // Read here, not as the option's default, which `--help` would print.
        guard let token = bearerToken, !token.isEmpty else { throw ValidationError("--token: give a bearer token the primary accepts (or set $FANGXIN_TOKEN)") }
        guard !token.contains(where: { $0.isNewline || $0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? false }) else {
            throw ValidationError("--token: a token is one line of printable characters")
        }
        guard interval.isFinite, (0.1...3600).contains(interval) else { throw ValidationError("--interval \(interval): give 0.1 to 3600 seconds") }
        guard Self.batchRange.contains(batch) else { throw ValidationError("--batch \(batch): give \(Self.batchRange.lowerBound) to \(Self.batchRange.upperBound)") }
    }

    private var bearerToken: String? { token ?? ProcessInfo.processInfo.environment["FANGXIN_TOKEN"] }

    private func primaryURL() throws -> URL {
        guard from.utf8.count <= 2_000, let url = URL(string: from), url.scheme == "http" || url.scheme == "https",
              let host = url.host, !host.isEmpty, url.query == nil, url.fragment == nil else {
            throw ValidationError("--from \(from.prefix(200)): give the primary's root URL, http(s)://HOST[:PORT][/PATH], without a query")
        }
        // The URL is kept in DIR/replica/state.json: a password in it would be written in clear.
        guard url.user == nil, url.password == nil else {
            throw ValidationError("--from: give the URL without a user or password (the state keeps the URL; the token goes in --token or $FANGXIN_TOKEN)")
        }
        return url
    }

    func run() async throws {
        let verifier = try KeyFiles.verifier(key)
        let url = try primaryURL()
        let ledger = try failing { try Ledger(directory: global.data, options: .writing(as: "replicate")) }
        defer { ledger.close() }
        var replicator: Replicator
        do {
            replicator = try Replicator(ledger: ledger, source: HTTPReplicaSource(base: url, token: bearerToken ?? "", authority: ca), primary: from, log: verifier,
                                    keyRotated: keyRotated)
        } catch {
            printError("fangxin: \(error)")
            throw Self.exitCode(error)
        }
        replicator.batchRecords = batch
        replicator.onCopy = { head, size in printError("replicate: position \(head.position) of \(size)") }
        let started = ContinuousClock.now
        var copied: UInt64 = 0
        var last: Replicator.Progress?
        var failures = 0
        while !Task.isCancelled {
            do {
                let progress = try await replicator.round()
                copied += progress.copied
                last = progress
                failures = 0
                if once { break }
            } catch {
                let error = ReplicationError(error)
                guard error.isTransient && !once else {
                    printError("fangxin: \(error)")
                    throw Self.exitCode(error)
                }
                failures += 1
                let wait = min(interval * Double(1 << min(failures, 6)), 60)
                printError("replicate: \(error); trying again in \(Int(wait.rounded(.up))) s")
                try? await Task.sleep(for: .milliseconds(Int64(wait * 1000)))
                continue
            }
            // Straight on after a round that copied: the primary may have signed more meanwhile.
            if last?.copied == 0 { try? await Task.sleep(for: .milliseconds(Int64(interval * 1000))) }
        }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let head = try failing { try ledger.head() }
        if json {
            struct Summary: Encodable {
                let primary: String; let primarySize: UInt64; let copied: UInt64; let position: UInt64; let hash: String; let seconds: Double
            }
            print(jsonLine(Summary(primary: from, primarySize: last?.primarySize ?? 0, copied: copied, position: head.position,
                                   hash: head.hash.hex, seconds: (seconds * 1000).rounded() / 1000)))
        } else {
            print("copied \(copied) records in \(String(format: "%.1f", seconds)) s; the replica's head is \(head.position) \(head.hash.hex)")
        }
    }

    static func exitCode(_ error: ReplicationError) -> ExitCode {
        switch error {
        case .contradiction: return replicaContradicted
        case .ledger: return ledgerUnavailable
        default: return replicationFailed
        }
    }
}

/// The exit code for a primary that could not be reached, refused the token or answered something malformed, or a
/// directory that is not a replica of it.
let replicationFailed = ExitCode(6)
/// The exit code for a primary that contradicted what it signed or what the copy holds: the evidence is kept.
let replicaContradicted = ExitCode(7)
