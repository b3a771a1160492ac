import ArgumentParser
import Commands
import Domain
import Foundation

/// `--policy`: the policy file a new ledger records (docs/COMMANDS.md), read by `PolicyDocument`.
enum PolicyFile {
    /// `--policy`, else `$FANGXIN_POLICY`, else nil: the default policy built into the binary.
    static var defaultPath: String? { ProcessInfo.processInfo.environment["FANGXIN_POLICY"] }

    /// Reads the file at `path`, or with none the policy built in (Fixtures/policy/default.json as this build was
    /// made); the error names the file and the field at fault.
    static func load(_ path: String?) throws -> (DeadlinePolicy, TierPolicy) {
        let name: String, data: Data
        if let path {
            guard FileManager.default.fileExists(atPath: path) else {
                printError("fangxin: no policy file at \(path); name one with --policy or $FANGXIN_POLICY")
                throw ExitCode(.ledgerUnavailable)
            }
            do { (name, data) = (path, try OutsideFile.read(path, atMost: OutsideFile.configurationBytesMax, what: "a policy file")) } catch {
                printError("fangxin: \(error)")
                throw ExitCode(.ledgerUnavailable)
            }
        } else {
            (name, data) = (BundledFixtures.policy[0].path + " (built in)", BundledFixtures.policy[0].data)
        }
        do {
            return try PolicyDocument.read(data)
        } catch {
            printError("fangxin: \(name): \(error)")
            throw ExitCode(.ledgerUnavailable)
        }
    }
}
