import ArgumentParser
import Foundation
import Ledger
import Replication
import Transparency
import Vault

struct Replicate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Keep a verified copy of a primary's ledger (docs/REPLICAS.md).",
        discussion: """
            Copies the ledger of the primary `fangxin serve` at --from into --data, record for record as the primary \
            stored them, and keeps it up to date. Each round fetches the primary's signed checkpoint and checks it: \
            signed by --key, and consistent with the last one the copy was verified against. Then it fetches the new \
            records from the entry bundles (C2SP tlog-tiles) and stores them a batch at a time, each batch only if its \
            records follow the copy's chain and rules and their tree is inside the signed one. The primary's \
            --token must be an auditor's, regulator's, admin's or replica's (entry bundles hold whole records).

            With a token of the replica role the copy is a standby, which can take over when the primary dies \
            (`fangxin promote`): it follows the primary's stream append by append rather than checkpoint by \
            checkpoint, keeps the vault's keys (a complainant's name stays readable after a failover) and erases one \
            as soon as it copies the erasure, and tells the primary what it holds, so that `serve --ack-replicas N` \
            answers a command once N standbys hold it. Every --interval seconds it verifies the primary's checkpoint \
            against what it holds. With another role's token the copy keeps the log only.

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
              FANGXIN_TOKEN=<a replica's token> fangxin replicate --from https://10.0.0.5:8443 --key zhejiang.vkey --data /srv/standby
              fangxin replicate --from https://10.0.0.5:8443 --ca bureau-ca.pem --key zhejiang.vkey --data /srv/replica
              FANGXIN_TOKEN=… fangxin replicate --from http://10.0.0.5:8080 --key "$(cat zhejiang.vkey)" --data /srv/replica
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("The primary's root URL (http or https).", valueName: "url")) var from: String
    @Option(help: ArgumentHelp("A bearer token the primary accepts: a replica's for a standby; an auditor's, regulator's or admin's for a copy of the log only. Also $FANGXIN_TOKEN.", valueName: "token"))
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
        let started = ContinuousClock.now
        let source: HTTPReplicaSource
        let standby: Bool
        var replicator: Replicator
        do {
            source = try HTTPReplicaSource(base: url, token: bearerToken ?? "", authority: ca)
            standby = try await isStandby(source, ledger: ledger)
            replicator = try Replicator(ledger: ledger, source: source, primary: from, log: verifier, keyRotated: keyRotated, standby: standby)
        } catch {
            let error = ReplicationError(error)
            printError("fangxin: \(error)")
            throw Self.exitCode(error)
        }
        replicator.batchRecords = batch
        replicator.onCopy = { head, size in printError("replicate: position \(head.position) of \(size)") }
        let summary: (primarySize: UInt64, copied: UInt64)
        do {
            summary = standby ? try await follow(as: replicator, source: source) : try await rounds(of: replicator)
        } catch {
            let error = ReplicationError(error)
            printError("fangxin: \(error)")
            throw Self.exitCode(error)
        }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let head = try failing { try ledger.head() }
        if json {
            struct Summary: Encodable {
                let primary: String; let standby: Bool; let primarySize: UInt64; let copied: UInt64; let position: UInt64; let hash: String; let seconds: Double
            }
            print(jsonLine(Summary(primary: from, standby: standby, primarySize: summary.primarySize, copied: summary.copied, position: head.position,
                                   hash: head.hash.hex, seconds: (seconds * 1000).rounded() / 1000)))
        } else {
            print("copied \(summary.copied) records in \(String(format: "%.1f", seconds)) s; the replica's head is \(head.position) \(head.hash.hex)")
        }
    }

    /// Whether the primary streams to this token as a standby's: a replica's token. Another role's copies the log
    /// checkpoint by checkpoint, without the vault. Waits for a primary that cannot be reached, unless --once.
    private func isStandby(_ source: HTTPReplicaSource, ledger: Ledger) async throws -> Bool {
        var failures = 0
        while true {
            do {
                let head = try ledger.head()
                try await source.probe(after: head.position, hash: head.hash)
                printError("replicate: a standby of \(from): following append by append, keeping the vault's keys")
                return true
            } catch ReplicationError.denied(let said) where said.contains("answered 403") {
                printError("replicate: the token is not a replica's, so this copy keeps the log only: no personal-data keys, and no command waits for it (a standby needs a token of the replica role)")
                return false
            } catch ReplicationError.diverged {
                // The standby's first step keeps the evidence.
                return true
            } catch let error as ReplicationError where error.isTransient && !once {
                failures += 1
                let wait = min(interval * Double(1 << min(failures, 6)), 60)
                printError("replicate: \(error); trying again in \(Int(wait.rounded(.up))) s")
                try? await Task.sleep(for: .milliseconds(Int64(wait * 1000)))
            }
        }
    }

    /// Checkpoint by checkpoint: each round verifies the latest and copies the records up to it.
    private func rounds(of replicator: Replicator) async throws -> (primarySize: UInt64, copied: UInt64) {
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
                guard error.isTransient && !once else { throw error }
                failures += 1
                let wait = min(interval * Double(1 << min(failures, 6)), 60)
                printError("replicate: \(error); trying again in \(Int(wait.rounded(.up))) s")
                try? await Task.sleep(for: .milliseconds(Int64(wait * 1000)))
                continue
            }
            // Straight on after a round that copied: the primary may have signed more meanwhile.
            if last?.copied == 0 { try? await Task.sleep(for: .milliseconds(Int64(interval * 1000))) }
        }
        return (last?.primarySize ?? 0, copied)
    }

    /// As a standby: the primary's stream, append by append, and every --interval seconds its checkpoint verified
    /// against what the copy holds. With --once, until the copy holds what the primary held, then one checkpoint.
    private func follow(as replicator: Replicator, source: HTTPReplicaSource) async throws -> (primarySize: UInt64, copied: UInt64) {
        let vault: PersonalDataVault
        do { vault = try PersonalDataVault(directory: global.data + "/vault") } catch {
            throw ReplicationError.ledger(.storage("\(error)"))
        }
        var standby = Standby(ledger: replicator.ledger, vault: vault, source: source)
        let reported = ReportedProgress()
        standby.onCopy = { head, size in reported.note(head.position, of: size) }
        if once {
            var copied: UInt64 = 0
            var primarySize: UInt64 = 0
            while true {
                let step = try await standby.step(waitMilliseconds: 0)
                copied += UInt64(step.copied)
                primarySize = step.primarySize
                if step.copied == 0 && step.keys == 0 && step.head.position >= step.primarySize { break }
            }
            _ = try await replicator.verifyStandby()
            return (primarySize, copied)
        }
        let interval = self.interval
        let following = standby
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                var failures = 0
                while !Task.isCancelled {
                    do {
                        _ = try await following.step(waitMilliseconds: 10_000)
                        failures = 0
                    } catch {
                        let error = ReplicationError(error)
                        guard error.isTransient else { throw error }
                        failures += 1
                        let wait = min(0.1 * Double(1 << min(failures, 9)), 30)
                        printError("replicate: \(error); trying again in \(String(format: "%.1f", wait)) s")
                        try? await Task.sleep(for: .milliseconds(Int64(wait * 1000)))
                    }
                }
            }
            group.addTask {
                while !Task.isCancelled {
                    do { _ = try await replicator.verifyStandby() } catch {
                        let error = ReplicationError(error)
                        guard error.isTransient else { throw error }
                        printError("replicate: the primary's checkpoint: \(error)")
                    }
                    try? await Task.sleep(for: .milliseconds(Int64(interval * 1000)))
                }
            }
            try await group.next()
            group.cancelAll()
        }
        return (0, 0)
    }

    static func exitCode(_ error: ReplicationError) -> ExitCode {
        switch error {
        case .contradiction: return ExitCode(.replicaContradicted)
        case .ledger: return ExitCode(.ledgerUnavailable)
        default: return ExitCode(.replicationFailed)
        }
    }
}

/// The exit code for a primary that contradicted what it signed or what the copy holds: the evidence is kept.

/// What a standby prints as it copies: at most a line a second, since it copies command by command.
private final class ReportedProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var last = ContinuousClock.now - .seconds(2)

    func note(_ position: UInt64, of size: UInt64) {
        lock.lock()
        defer { lock.unlock() }
        guard ContinuousClock.now - last >= .seconds(1) else { return }
        last = ContinuousClock.now
        printError("replicate: position \(position) of \(size)")
    }
}
