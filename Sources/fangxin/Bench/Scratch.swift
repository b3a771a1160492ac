import Foundation

/// A benchmark's own directory, never the operator's ledger.
struct Scratch {
    let path: String
    let keep: Bool

    init(_ options: BenchOptions) throws {
        path = options.scratch ?? FileManager.default.currentDirectoryPath + "/fangxin-bench-\(getpid())"
        keep = options.keep
        if FileManager.default.fileExists(atPath: path) {
            throw CleanExit.message("fangxin bench: \(path) already exists; name an empty scratch directory with --scratch")
        }
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func sub(_ name: String) -> String { path + "/" + name }

    func finish() {
        if !keep { try? FileManager.default.removeItem(atPath: path) }
    }
}

import ArgumentParser
