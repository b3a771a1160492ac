// The failover drill (tools/failover-test, docs/OPERATIONS.md): a primary `fangxin serve --ack-replicas 1` and two
// standbys, each on a test host of its own (a network namespace joined to a bridge by a veth pair), a load of
// commands naming people, then the primary killed (SIGKILL) or cut off from the network at a random moment. The
// standby holding the most records is promoted, and every acknowledged command must be on it, every name sealed in
// one readable with its key, every acknowledged erasure unreadable; the other standby must follow the new primary;
// the old primary, restarted, must acknowledge nothing, and a witness that cosigned the new primary's checkpoint
// must refuse the old one's. Each run's seed makes its load and its fault.
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

struct DrillFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// SplitMix64: the same seed, the same drill.
struct Seeded {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ bound: UInt64) -> UInt64 { next() % bound }
}

struct Options {
    var fangxin = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("fangxin").path
    var runs = 1
    var seed = UInt64(Date().timeIntervalSince1970)
    var loopback = false
    var clients = 8
    /// The primary's --ack-replicas: 0 shows what the drill catches without it.
    var ackReplicas = 1

    init(_ arguments: [String]) throws {
        var rest = arguments.dropFirst()
        func value(_ name: String) throws -> String {
            guard let value = rest.popFirst() else { throw DrillFailure("\(name) needs a value") }
            return value
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "--fangxin": fangxin = try value(argument)
            case "--runs": runs = Int(try value(argument)) ?? 0
            case "--seed": seed = UInt64(try value(argument)) ?? 0
            case "--clients": clients = Int(try value(argument)) ?? 0
            case "--loopback": loopback = true
            case "--ack-replicas": ackReplicas = Int(try value(argument)) ?? -1
            case "--help", "-h":
                print("""
                    usage: failover-drill [--runs N] [--seed S] [--clients C] [--loopback] [--ack-replicas N] [--fangxin PATH]
                    Runs the failover drill N times (seeds S, S+1, …): test hosts in network namespaces when run as root
                    with `ip` (--loopback: processes on 127.0.0.1, faults by SIGKILL and SIGSTOP). Exits 0 when every
                    acknowledged command held, 1 otherwise. --ack-replicas 0 runs the primary without waiting for a standby:
                    then acknowledged commands are lost, and the drill says which.
                    """)
                exit(0)
            default: throw DrillFailure("unknown argument \(argument) (see --help)")
            }
        }
        guard runs >= 1, clients >= 1 else { throw DrillFailure("--runs and --clients take a number from 1") }
        guard (0...2).contains(ackReplicas) else { throw DrillFailure("--ack-replicas takes 0, 1 or 2") }
    }
}

/// Runs a program to its end: its status and what it printed.
@discardableResult
func execute(_ arguments: [String], environment: [String: String] = [:], allowFailure: Bool = false) throws -> (status: Int32, output: String, error: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let output = Pipe(), error = Pipe()
    process.standardOutput = output
    process.standardError = error
    try process.run()
    let out = output.fileHandleForReading.readDataToEndOfFile()
    let err = error.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let result = (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    if !allowFailure, result.0 != 0 { throw DrillFailure("\(arguments.joined(separator: " ")) exited \(result.0): \(result.2.suffix(600))") }
    return result
}

/// A long-running process: its output goes to a file of the run's folder.
final class Daemon {
    let process = Process()
    let name: String
    let log: String

    init(_ name: String, _ arguments: [String], environment: [String: String] = [:], folder: String) throws {
        self.name = name
        log = folder + "/\(name).log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    func signal(_ number: Int32) { if process.isRunning { kill(process.processIdentifier, number) } }

    func stop() {
        signal(SIGCONT)
        signal(SIGTERM)
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        signal(SIGKILL)
        process.waitUntilExit()
    }
}

/// Where each machine lives: a network namespace on a bridge, or loopback.
struct Hosts {
    static let names = ["fxd-p", "fxd-s1", "fxd-s2"]
    let isolated: Bool

    func address(_ index: Int) -> String { isolated ? "10.231.0.\(index + 2)" : "127.0.0.1" }
    func prefix(_ index: Int) -> [String] { isolated ? ["ip", "netns", "exec", Self.names[index]] : [] }

    static func make(isolated: Bool) throws -> Hosts {
        guard isolated else { return Hosts(isolated: false) }
        teardown()
        try execute(["ip", "link", "add", "fxdbr", "type", "bridge"])
        try execute(["ip", "addr", "add", "10.231.0.1/24", "dev", "fxdbr"])
        try execute(["ip", "link", "set", "fxdbr", "up"])
        for (index, name) in names.enumerated() {
            try execute(["ip", "netns", "add", name])
            try execute(["ip", "link", "add", name + "-h", "type", "veth", "peer", "name", name + "-n"])
            try execute(["ip", "link", "set", name + "-n", "netns", name])
            try execute(["ip", "netns", "exec", name, "ip", "addr", "add", "10.231.0.\(index + 2)/24", "dev", name + "-n"])
            try execute(["ip", "netns", "exec", name, "ip", "link", "set", name + "-n", "up"])
            try execute(["ip", "netns", "exec", name, "ip", "link", "set", "lo", "up"])
            try execute(["ip", "link", "set", name + "-h", "master", "fxdbr"])
            try execute(["ip", "link", "set", name + "-h", "up"])
        }
        return Hosts(isolated: true)
    }

    /// Cuts host `index` off the network, or joins it again.
    func link(_ index: Int, up: Bool) throws {
        try execute(["ip", "link", "set", Self.names[index] + "-h", up ? "up" : "down"])
    }

    static func teardown() {
        for name in names {
            _ = try? execute(["ip", "netns", "del", name], allowFailure: true)
            // A namespace's veth pair goes with it, but not at once.
            _ = try? execute(["ip", "link", "del", name + "-h"], allowFailure: true)
        }
        _ = try? execute(["ip", "link", "del", "fxdbr"], allowFailure: true)
    }

    /// Whether this machine can make test hosts: root, with `ip`.
    static var available: Bool {
        getuid() == 0 && ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip"].contains { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

/// HTTP with a bearer token, every request bounded in time.
struct Client {
    let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 5
        configuration.httpMaximumConnectionsPerHost = 64
        return URLSession(configuration: configuration)
    }()

    func send(_ method: String, _ url: String, token: String? = nil, key: String? = nil, body: String? = nil) async -> (status: Int, body: String) {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let key { request.setValue(key, forHTTPHeaderField: "Idempotency-Key") }
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        do {
            let (data, response) = try await session.data(for: request)
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
        } catch {
            return (0, "\(error)")
        }
    }

    func waitUntilReady(_ base: String, seconds: Double = 60) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if await send("GET", base + "/ready").status == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw DrillFailure("\(base)/ready did not answer 200 within \(Int(seconds)) s")
    }
}

/// What the load was told: the commands acknowledged, and every erasure tried.
actor Told {
    struct Received { let id: String; let subject: String; let name: String }
    var received: [Received] = []
    var erased: Set<String> = []
    var erasing: Set<String> = []
    /// Set to end the load. Not a task's cancellation: cancelling URLSession's requests from several threads at once
    /// deadlocks FoundationNetworking on Linux, so each request runs to its answer or its 5 s timeout.
    var stopped = false

    func stop() { stopped = true }
    func acknowledged(_ command: Received) { received.append(command) }
    func erasedAcknowledged(_ subject: String) { erased.insert(subject) }

    /// A person named in an acknowledged command whose erasure was not asked for yet, picked by `pick`.
    func pickToErase(_ pick: UInt64) -> String? {
        let candidates = received.filter { !erasing.contains($0.subject) }
        guard !candidates.isEmpty else { return nil }
        let subject = candidates[Int(pick % UInt64(candidates.count))].subject
        erasing.insert(subject)
        return subject
    }
}

struct Run {
    let number: Int
    let seed: UInt64
    let options: Options
    let hosts: Hosts
    let folder: String

    static let tokens = (regulator: "drill-regulator", admin: "drill-admin", standbys: ["drill-standby-1", "drill-standby-2"])

    @discardableResult
    func fangxin(_ arguments: [String], environment: [String: String] = [:], allowFailure: Bool = false) throws -> (status: Int32, output: String, error: String) {
        try execute([options.fangxin] + arguments, environment: environment, allowFailure: allowFailure)
    }

    func writeTokens() throws -> String {
        func digest(_ token: String) throws -> String {
            try execute(["sh", "-c", "printf %s \"$0\" | sha256sum | cut -d' ' -f1", token]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        var entries = [
            #"{"sha256": "\#(try digest(Self.tokens.regulator))", "actor": "drill-bureau", "role": "regulator", "region": "330000"}"#,
            #"{"sha256": "\#(try digest(Self.tokens.admin))", "actor": "drill-operator", "role": "admin"}"#,
        ]
        for (index, token) in Self.tokens.standbys.enumerated() {
            entries.append(#"{"sha256": "\#(try digest(token))", "actor": "standby-\#(index + 1)", "role": "replica"}"#)
        }
        let path = folder + "/tokens.json"
        try #"{"tokens": [\#(entries.joined(separator: ", "))]}"#.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func receiveBody(subject: String, name: String) -> String {
        #"{"channel": "12315-online", "consumer": "\#(subject)", "consumerName": "\#(name)", "consumerPhone": "13800000000", "merchantName": "演练商户", "category": "goods", "subcategory": "食品", "amountInDisputeFen": 100, "receivedRegion": "330521", "merchantRegion": "330521", "receivedOn": "2026-12-01"}"#
    }

    /// Runs the drill once; returns the acknowledged commands and erasures checked.
    func run() async throws -> (commands: Int, erasures: Int, fault: String) {
        var random = Seeded(state: seed)
        let client = Client()
        let keyFile = folder + "/log.key"
        let vkey = try fangxin(["keys", "generate", "--name", "drill.example/log", "--out", keyFile]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        let tokensFile = try writeTokens()
        // Above Linux's ephemeral range, which the test suite's own servers take from.
        let port = hosts.isolated ? 8080 : 61_000 + Int(random.below(2_000))
        let primaryURL = "http://\(hosts.address(0)):\(port)"
        let primaryArguments = hosts.prefix(0) + [options.fangxin, "serve", "--data", folder + "/primary", "--host", hosts.address(0), "--port", String(port),
                                                  "--tokens", tokensFile, "--signing-key", keyFile, "--ack-replicas", String(options.ackReplicas), "--ack-timeout", "1"]
        var primary: Daemon? = try Daemon("primary", primaryArguments, folder: folder)
        defer { primary?.stop() }
        var standbys: [Daemon] = []
        defer { standbys.forEach { $0.stop() } }
        for index in 0..<2 {
            let arguments = hosts.prefix(index + 1) + [options.fangxin, "replicate", "--from", primaryURL, "--key", vkey,
                                                       "--data", folder + "/standby-\(index + 1)", "--interval", "0.5"]
            standbys.append(try Daemon("standby-\(index + 1)", arguments, environment: ["FANGXIN_TOKEN": Self.tokens.standbys[index]], folder: folder))
        }
        try await client.waitUntilReady(primaryURL)

        // The load: clients sending complaints that name people, and erasures of people named before.
        let told = Told()
        let faultAfter = 300 + Int(random.below(2_200))
        let cutOff = random.below(2) == 0
        let clientSeeds = (0..<options.clients).map { _ in random.next() }
        let load = Task {
            await withTaskGroup(of: Void.self) { group in
                for (worker, clientSeed) in clientSeeds.enumerated() {
                    group.addTask {
                        var random = Seeded(state: clientSeed)
                        var index = 0
                        while await !told.stopped {
                            index += 1
                            if random.below(8) == 0, let subject = await told.pickToErase(random.next()) {
                                let answer = await client.send("POST", primaryURL + "/v1/privacy/erasures", token: Self.tokens.admin,
                                                               body: #"{"subject": "\#(subject)", "reason": "本人申请删除"}"#)
                                if answer.status == 200 { await told.erasedAcknowledged(subject) }
                                continue
                            }
                            let id = "r\(number)-w\(worker)-\(index)"
                            let subject = "person-\(id)"
                            let name = "演练\(random.below(100_000))"
                            let answer = await client.send("POST", primaryURL + "/v1/complaints/\(id)/receive", token: Self.tokens.regulator, key: "drill-\(id)",
                                                           body: Self.receiveBody(subject: subject, name: name))
                            if answer.status == 201 || answer.status == 200 {
                                await told.acknowledged(.init(id: id, subject: subject, name: name))
                            } else if answer.status == 0 {
                                try? await Task.sleep(for: .milliseconds(50))
                            }
                        }
                    }
                }
            }
        }
        try await Task.sleep(for: .milliseconds(faultAfter))
        // Not before a command is acknowledged: on a busy machine the first may take longer than the fault's moment.
        for _ in 0..<600 where await told.received.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
        let fault: String
        if cutOff {
            fault = "cut off after \(faultAfter) ms"
            if hosts.isolated { try hosts.link(0, up: false) } else { primary?.signal(SIGSTOP) }
        } else {
            fault = "killed after \(faultAfter) ms"
            primary?.signal(SIGKILL)
        }
        try await Task.sleep(for: .milliseconds(1_500))
        await told.stop()
        await load.value
        let acknowledged = await told.received
        let erased = await told.erased
        let erasing = await told.erasing
        guard !acknowledged.isEmpty else { throw DrillFailure("no command was acknowledged before the fault (\(fault)); see \(folder)") }

        // The standbys stop; the one holding the most records is promoted.
        standbys.forEach { $0.stop() }
        let heads = try (1...2).map { index -> UInt64 in
            let head = try fangxin(["head", "--data", folder + "/standby-\(index)", "--json"]).output
            guard let position = try JSONSerialization.jsonObject(with: Data(head.utf8)) as? [String: Any], let value = position["position"] as? NSNumber else {
                throw DrillFailure("fangxin head printed \(head)")
            }
            return value.uint64Value
        }
        let chosen = heads[1] > heads[0] ? 2 : 1
        let other = 3 - chosen
        let promotedData = folder + "/standby-\(chosen)"
        let promotion = try fangxin(["promote", "--data", promotedData, "--signing-key", keyFile, "--json"]).output
        guard let summary = try JSONSerialization.jsonObject(with: Data(promotion.utf8)) as? [String: Any], let promotedCheckpoint = summary["checkpoint"] as? String else {
            throw DrillFailure("fangxin promote printed \(promotion)")
        }
        try fangxin(["verify", "--data", promotedData])
        let newPort = 63_000 + Int(random.below(2_000))
        let newURL = "http://127.0.0.1:\(newPort)"
        let promoted = try Daemon("promoted", [options.fangxin, "serve", "--data", promotedData, "--host", "127.0.0.1", "--port", String(newPort),
                                               "--tokens", tokensFile, "--signing-key", keyFile], folder: folder)
        defer { promoted.stop() }
        try await client.waitUntilReady(newURL)

        // Every acknowledged command is there, its name readable, unless the person's erasure was asked for.
        for command in acknowledged {
            let answer = await client.send("POST", newURL + "/v1/complaints/\(command.id)/reveal", token: Self.tokens.regulator, body: #"{"reason": "演练核对"}"#)
            if erased.contains(command.subject) {
                guard answer.status == 422, answer.body.contains("erased") else {
                    throw DrillFailure("\(command.subject)'s erasure was acknowledged, yet the promoted standby answered \(answer.status): \(answer.body)")
                }
            } else if erasing.contains(command.subject) {
                guard answer.status == 200 || (answer.status == 422 && answer.body.contains("erased")) else {
                    throw DrillFailure("complaint \(command.id) was acknowledged, yet the promoted standby answered \(answer.status): \(answer.body)")
                }
            } else {
                guard answer.status == 200, answer.body.contains(#""name":"\#(command.name)""#) else {
                    throw DrillFailure("complaint \(command.id) was acknowledged, yet the promoted standby answered \(answer.status): \(answer.body)")
                }
            }
        }

        // The other standby follows the new primary: its copy is a prefix of the new primary's log.
        let moved = try fangxin(["replicate", "--from", newURL, "--key", vkey, "--data", folder + "/standby-\(other)", "--once"],
                                environment: ["FANGXIN_TOKEN": Self.tokens.standbys[other - 1]], allowFailure: true)
        guard moved.status == 0 else { throw DrillFailure("standby-\(other) could not follow the new primary (exit \(moved.status)): \(moved.error.suffix(600))") }

        // The old primary, restarted, acknowledges nothing: no standby follows it.
        primary?.stop()
        primary = nil
        if hosts.isolated { try hosts.link(0, up: true) }
        primary = try Daemon("old-primary", primaryArguments, folder: folder)
        var answer: (status: Int, body: String) = (0, "")
        for attempt in 0..<100 {
            answer = await client.send("POST", primaryURL + "/v1/complaints/old-\(number)/receive", token: Self.tokens.regulator, key: "old-\(number)-\(attempt)",
                                       body: Self.receiveBody(subject: "person-old-\(number)", name: "旧主"))
            if answer.status != 0 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        guard answer.status == 503 || options.ackReplicas == 0, answer.body.contains("not acknowledged") || options.ackReplicas == 0 else {
            throw DrillFailure("the old primary, restarted, answered a command \(answer.status): \(answer.body)")
        }

        // A witness that cosigned the new primary's checkpoint refuses the old primary's: it does not extend it.
        let witnessKey = folder + "/witness.key"
        try fangxin(["keys", "generate", "--name", "drill.example/witness", "--out", witnessKey, "--witness"])
        let witness = ["witness", "add-checkpoint", "--key", witnessKey, "--state", folder + "/witness", "--log", vkey]
        try promotedCheckpoint.write(toFile: folder + "/promoted-checkpoint.txt", atomically: true, encoding: .utf8)
        try fangxin(witness + ["--checkpoint", folder + "/promoted-checkpoint.txt"])
        var published = await client.send("GET", primaryURL + "/checkpoint")
        for _ in 0..<50 where published.status != 200 {
            try await Task.sleep(for: .milliseconds(100))
            published = await client.send("GET", primaryURL + "/checkpoint")
        }
        let sizes = [promotedCheckpoint, published.body].map { $0.split(separator: "\n").dropFirst().first.flatMap { UInt64($0) } ?? 0 }
        guard published.status == 200 else { throw DrillFailure("the old primary serves no checkpoint (\(published.status))") }
        try published.body.write(toFile: folder + "/old-checkpoint.txt", atomically: true, encoding: .utf8)
        var offered = witness + ["--checkpoint", folder + "/old-checkpoint.txt"]
        if sizes[1] >= sizes[0] {
            let proof = try fangxin(["prove", "consistency", String(sizes[0]), String(sizes[1]), "--json", "--data", folder + "/primary"]).output
            try proof.write(toFile: folder + "/old-proof.json", atomically: true, encoding: .utf8)
            offered += ["--proof", folder + "/old-proof.json"]
        }
        let cosigned = try fangxin(offered, allowFailure: true)
        guard cosigned.status != 0 else {
            throw DrillFailure("a witness that cosigned the new primary's checkpoint of \(sizes[0]) records cosigned the old primary's of \(sizes[1])")
        }
        return (acknowledged.count, erased.count, fault + "; a witness of the new primary's checkpoint (\(sizes[0]) records) refused the old one's (\(sizes[1]))")
    }
}

@main
enum FailoverDrill {
    static func main() async {
        do {
            let options = try Options(CommandLine.arguments)
            guard FileManager.default.isExecutableFile(atPath: options.fangxin) else { throw DrillFailure("no fangxin at \(options.fangxin) (--fangxin PATH)") }
            let isolated = !options.loopback && Hosts.available
            if !isolated && !options.loopback { print("failover-drill: not root, or no `ip`: the hosts share loopback, and a cut-off is a SIGSTOP") }
            let hosts = try Hosts.make(isolated: isolated)
            defer { if isolated { Hosts.teardown() } }
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("fangxin-drill-\(getpid())").path
            var commands = 0, erasures = 0
            for number in 0..<options.runs {
                let folder = root + "/run-\(number)"
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                let seed = options.seed &+ UInt64(number)
                let result: (commands: Int, erasures: Int, fault: String)
                do {
                    result = try await Run(number: number, seed: seed, options: options, hosts: hosts, folder: folder).run()
                } catch {
                    print("failover-drill: run \(number + 1) (seed \(seed)) FAILED: \(error); its processes' logs are in \(folder)")
                    if isolated { Hosts.teardown() }
                    exit(1)
                }
                commands += result.commands
                erasures += result.erasures
                print("run \(number + 1) (seed \(seed), \(isolated ? "test hosts" : "loopback")): primary \(result.fault); \(result.commands) acknowledged commands and \(result.erasures) acknowledged erasures held on the promoted standby")
                try? FileManager.default.removeItem(atPath: folder)
            }
            print("failover-drill: \(options.runs) run\(options.runs == 1 ? "" : "s"), \(commands) acknowledged commands and \(erasures) erasures checked; every one held")
            try? FileManager.default.removeItem(atPath: root)
        } catch {
            print("failover-drill: \(error)")
            exit(1)
        }
    }
}
