import Foundation

/// Opens one crash state as an operator would after the crash, and says what, if anything, does not hold.
struct StateCheck {
    let fangxin: String
    let writer: String

    /// The problem found, or nil when the state opens, verifies with `fangxin verify`, holds every append
    /// acknowledged before the crash, and takes a new append.
    ///
    /// Before the first acknowledgement nothing was promised but that the ledger can be opened again: `fangxin
    /// verify` may refuse such a state (a ledger whose creation did not finish), with a message, not a trap.
    func problem(files: [String: [UInt8]], acknowledged: ArraySlice<Acknowledgement>, in directory: String) -> String? {
        let manager = FileManager.default
        try? manager.removeItem(atPath: directory)
        do {
            try manager.createDirectory(atPath: directory + "/ledger", withIntermediateDirectories: true)
            for (name, bytes) in files {
                // A file of a folder within (the vault's keys and index) needs its folder.
                let url = URL(fileURLWithPath: directory + "/ledger/" + name)
                try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(bytes).write(to: url)
            }
            try Data(acknowledged.map { $0.line + "\n" }.joined().utf8).write(to: URL(fileURLWithPath: directory + "/acknowledged"))
        } catch {
            return "cannot write the state: \(error)"
        }
        let ledger = directory + "/ledger"
        if files["data.mdb"] == nil {
            if let last = acknowledged.last { return "data.mdb is missing, though position \(last.position) was acknowledged" }
        } else if let problem = verifyProblem(ledger, acknowledged: acknowledged) {
            return problem
        }
        let resume = run(writer, [ledger, "resume", directory + "/acknowledged"])
        guard resume.status == 0 else { return "reopening to append failed (\(resume.ending)): \(resume.errors.trimmed)" }
        return nil
    }

    private func verifyProblem(_ ledger: String, acknowledged: ArraySlice<Acknowledgement>) -> String? {
        let verify = run(fangxin, ["verify", "--data", ledger, "--json"])
        if verify.status != 0 {
            // Refused with a message, as it may be before anything was acknowledged: the reopening must then work.
            if acknowledged.isEmpty && !verify.signalled && !verify.errors.trimmed.isEmpty { return nil }
            return "fangxin verify failed (\(verify.ending)): \(verify.output.trimmed) \(verify.errors.trimmed)"
        }
        let report = try? JSONSerialization.jsonObject(with: Data(verify.output.utf8)) as? [String: Any]
        guard let records = report?["records"] as? Int else { return "fangxin verify printed no record count: \(verify.output.trimmed)" }
        if let last = acknowledged.last, UInt64(records) < last.position {
            return "fangxin verify counts \(records) records, though position \(last.position) was acknowledged"
        }
        return nil
    }

    private struct Run {
        let status: Int32, signalled: Bool, output: String, errors: String
        var ending: String { signalled ? "killed by signal \(status)" : "exit \(status)" }
    }

    private func run(_ executable: String, _ arguments: [String]) -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["LD_PRELOAD"] = nil
        process.environment = environment
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch { return Run(status: -1, signalled: false, output: "", errors: "cannot start \(executable): \(error)") }
        // Both pipes are drained before waiting: a child blocked on a full pipe would never end.
        let errorsRead = Thread.detachedRead(errors.fileHandleForReading)
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
                   output: String(decoding: printed, as: UTF8.self), errors: errorsRead())
    }
}

/// One "ack POSITION STREAM VERSION" line the workload printed.
struct Acknowledgement {
    let line: String
    let position: UInt64
}

extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}

extension Thread {
    /// Reads a pipe to its end on a thread of its own; the closure returns what was read.
    static func detachedRead(_ handle: FileHandle) -> () -> String {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var bytes = Data()
        Thread.detachNewThread {
            bytes = handle.readDataToEndOfFile()
            done.signal()
        }
        return {
            done.wait()
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}
