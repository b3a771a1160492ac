import ArgumentParser
import Foundation
import Ledger
import Replication

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The ledger's directory. Also $FANGXIN_DATA.", valueName: "dir"))
    var data: String = ProcessInfo.processInfo.environment["FANGXIN_DATA"] ?? "./fangxin-data"

    /// Opens the ledger for reading only, so that inspecting never blocks or changes a live ledger.
    func openForReading() throws -> Ledger {
        try failing { try Ledger(directory: data, options: Ledger.Options(readOnly: true)) }
    }

    /// Opens the ledger for writing by `command` (`import`), which the writer's lock names.
    func openForWriting(as command: String) throws -> Ledger {
        try refuseReplica()
        return try failing { try Ledger(directory: data, options: .writing(as: command)) }
    }

    /// Opens the ledger for writing by `command`, recording times by `clock`.
    func openForWriting(as command: String, clock: StoryClock) throws -> Ledger {
        try refuseReplica()
        var options = Ledger.Options.writing(as: command)
        options.clock = { clock.now() }
        return try failing { try Ledger(directory: data, options: options) }
    }
}

extension Ledger.Options {
    /// A writer's options, its lock naming `fangxin COMMAND` and nothing of the arguments (they may hold a token).
    static func writing(as command: String) -> Self {
        var options = Self()
        options.writerName = "fangxin " + command
        return options
    }
}

extension GlobalOptions {
    /// The state of the replica in --data; exit code 2 when there is none (`otherwise` says what that means for the
    /// command) or it cannot be read.
    func replicaState(otherwise: String) throws -> ReplicaState {
        do {
            guard let state = try ReplicaState.load(ledger: data) else {
                printError("fangxin: \(data) is not a replica (it has no \(ReplicaState.folder(ofLedger: data))/state.json): \(otherwise)")
                throw ExitCode(.ledgerUnavailable)
            }
            return state
        } catch let error as ReplicationError {
            printError("fangxin: \(error)")
            throw ExitCode(.ledgerUnavailable)
        }
    }

    /// A replica is its primary's history: only `fangxin replicate` writes it.
    func refuseReplica() throws {
        guard ReplicaState.isReplica(ledger: data) else { return }
        printError("fangxin: \(data) is a read replica (\(ReplicaState.folder(ofLedger: data))): only `fangxin replicate` writes it; serve it with `fangxin serve --replica`, and send commands to its primary")
        throw ExitCode(.ledgerUnavailable)
    }
}


/// Prints a ledger error plainly and exits with code 2.
func failing<R>(_ body: () throws -> R) throws -> R {
    do {
        return try body()
    } catch let error as LedgerError {
        printError("fangxin: \(error)")
        throw ExitCode(.ledgerUnavailable)
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
