import ArgumentParser
import Foundation

/// A file handed to the CLI from outside (a key, a checkpoint, a request, a bundle, a policy, a calendar), read
/// whole only up to a bound its kind can never need, so that no file makes a command take memory without end.
enum OutsideFile {
    /// The bytes of `path` (`-`: standard input), refused beyond `limit` bytes, naming the file and `what` it is.
    static func read(_ path: String, atMost limit: Int, what: String) throws -> Data {
        let handle: FileHandle
        if path == "-" {
            handle = .standardInput
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                  let opened = FileHandle(forReadingAtPath: path) else {
                throw ValidationError("cannot read \(path): no such file")
            }
            handle = opened
        }
        let data: Data
        do { data = try handle.read(upToCount: limit + 1) ?? Data() } catch { throw ValidationError("cannot read \(path): \(error.localizedDescription)") }
        guard data.count <= limit else {
            throw ValidationError("\(path) is larger than \(limit) bytes, more than \(what) can be: it is refused unread")
        }
        return data
    }

    static let keyBytesMax = 64 << 10
    static let noteBytesMax = 1 << 20
    static let bundleBytesMax = 256 << 20
    static let configurationBytesMax = 16 << 20
}
