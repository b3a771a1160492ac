import Application
import ArgumentParser
import Domain
import Foundation
import Ledger

struct Generate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a synthetic province: merchants and complaints over 2023–2026, as an import file or straight into a ledger.",
        discussion: """
            Merchants in real Zhejiang county codes apply, are reviewed, pledge, are evaluated, sometimes break the law and \
            rectify, and some get credit; consumers complain about them (a few merchants draw many complaints), and each \
            complaint is accepted or refused, mediated, compensated, closed, answered and rated in the seeds' proportions. \
            Every day is closed on the clock. The same seed always gives the same output.

            --data decides every command as `import` would, against the calendar and policy, and appends in bulk (a fresh \
            ledger only). --out writes the commands as an import file (docs/COMMANDS.md), without the day closes, which \
            import does not take.

            Examples:
              fangxin generate --merchants 2000 --events 100000 --seed 7 --out province.jsonl
              fangxin generate --merchants 200000 --events 10000000 --seed 1 --data /tmp/province
            """)

    @Option(help: "How many merchants.") var merchants: Int = 1_000
    @Option(help: "About how many events in all.") var events: Int = 100_000
    @Option(help: "The random seed.") var seed: UInt64 = 1
    @Option(help: ArgumentHelp("Write an import file here.", valueName: "file")) var out: String?
    @Option(help: ArgumentHelp("Append straight into a new ledger in this directory.", valueName: "dir")) var data: String?
    @OptionGroup var source: CalendarOptions
    @Option(help: ArgumentHelp("The policy to record and decide by. Also $FANGXIN_POLICY. Default: the policy built in (Fixtures/policy/default.json).", valueName: "file"))
    var policy: String? = PolicyFile.defaultPath

    func validate() throws {
        guard (out == nil) != (data == nil) else { throw ValidationError("give --out FILE or --data DIR, one of them") }
        guard merchants >= 1 else { throw ValidationError("--merchants must be at least 1") }
        guard events >= merchants * 6 else { throw ValidationError("--events must be at least 6 per merchant (\(merchants * 6)) to leave room for their lives") }
    }

    func run() async throws {
        var generator = ProvinceGenerator(merchants: merchants, events: events, seed: seed)
        if let out {
            guard FileManager.default.createFile(atPath: out, contents: nil), let file = FileHandle(forWritingAtPath: out) else {
                printError("fangxin: cannot write \(out)")
                throw ExitCode(.ledgerUnavailable)
            }
            var buffer: [UInt8] = [], lines = 0
            while let commands = generator.nextDay() {
                for command in commands {
                    guard let line = GeneratedLine.json(command) else { continue }
                    buffer.append(contentsOf: line.utf8)
                    buffer.append(UInt8(ascii: "\n"))
                    lines += 1
                }
                if buffer.count > 1 << 20 { file.write(Data(buffer)); buffer.removeAll(keepingCapacity: true) }
            }
            file.write(Data(buffer))
            try file.close()
            print("wrote \(lines) commands to \(out)")
            return
        }
        try await appendDirectly(&generator, into: data!)
    }

    private func appendDirectly(_ generator: inout ProvinceGenerator, into directory: String) async throws {
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let ledger = try failing { try Ledger(directory: directory, options: .writing(as: "generate")) }
        defer { ledger.close() }
        guard try failing({ try ledger.head() }).position == 0 else {
            printError("fangxin: \(directory) already holds a ledger; generate writes into a new one")
            throw ExitCode(.ledgerUnavailable)
        }
        let (deadlines, tiers) = try PolicyFile.load(policy)
        let policyService = PolicyService(ledger: ledger)
        do {
            _ = try await policyService.bootstrap(calendar: try CalendarFiles.load(source.calendar), deadlines: deadlines, tiers: tiers,
                                                  actor: Actor(id: "fangxin-generate", role: "system"))
        } catch {
            printError("fangxin: \(error)")
            throw ExitCode(.ledgerUnavailable)
        }
        let rules = try policyService.complaintRules()!
        var deciding = GeneratedDecisions(rules: rules)
        var batch: [Append] = [], appended = 0
        let started = Date()
        while let commands = generator.nextDay() {
            for command in commands {
                do { batch.append(try deciding.append(for: command, in: ledger)) } catch {
                    printError("fangxin: generated command \(command.id) was refused: \(error)")
                    throw ExitCode(.failed)
                }
            }
            guard batch.count >= 20_000 else { continue }
            appended += try await append(batch, to: ledger, &deciding)
            batch.removeAll(keepingCapacity: true)
        }
        appended += try await append(batch, to: ledger, &deciding)
        try failing { try ledger.flush() }
        let head = try failing { try ledger.head() }
        let seconds = Date().timeIntervalSince(started)
        print("appended \(appended) commands, \(head.position) events in all, in \(String(format: "%.1f", seconds)) s")
        print("head \(head.position) \(head.hash.hex)")
    }

    private func append(_ batch: [Append], to ledger: Ledger, _ deciding: inout GeneratedDecisions) async throws -> Int {
        let results = await ledger.append(batch, durability: .deferred)
        deciding.appended(batch, results)
        for result in results {
            if case .failure(let error) = result {
                printError("fangxin: \(error)")
                throw ExitCode(.ledgerUnavailable)
            }
        }
        return batch.count
    }
}
