import Foundation

/// What the crash recorder (recorder.c) saw a process do to the files of one directory, in order.
struct Trace {
    struct File {
        /// The path inside the recorded directory; "" for the directory itself.
        let name: String
        let isDirectory: Bool
        /// The operation that created it, or nil when it existed before the trace began.
        let createdAt: Int?
    }

    enum Operation {
        case open(file: Int)
        /// `synchronous`: through a descriptor opened O_DSYNC or O_SYNC, so durable once the call returned.
        case write(file: Int, offset: Int, bytes: [UInt8], synchronous: Bool)
        case sync(file: Int)
        case truncate(file: Int, size: Int)
        /// What the process printed on standard output: its acknowledgements.
        case output([UInt8])
        /// The file's name was removed.
        case unlink(file: Int)
    }

    struct Malformed: Error, CustomStringConvertible {
        let offset: Int, problem: String
        var description: String { "the trace is malformed at byte \(offset): \(problem)" }
    }

    private(set) var files: [File] = []
    private(set) var operations: [Operation] = []

    init(bytes: [UInt8], directory: String) throws(Malformed) {
        var at = 0
        func integer(_ offset: Int, _ width: Int) -> UInt64 {
            (0..<width).reduce(UInt64(0)) { $0 | UInt64(bytes[at + offset + $1]) << (8 * $1) }
        }
        while at < bytes.count {
            guard bytes.count - at >= 24 else { throw Malformed(offset: at, problem: "a header cut short") }
            let kind = bytes[at], file = Int(integer(4, 4)), offset = integer(8, 8), length = integer(16, 8)
            guard length <= UInt64(bytes.count - at - 24) else { throw Malformed(offset: at, problem: "\(length) bytes announced, fewer follow") }
            let body = Array(bytes[(at + 24)..<(at + 24 + Int(length))])
            guard kind == 5 || file < files.count || (kind == 1 && file == files.count) else {
                throw Malformed(offset: at, problem: "file \(file) was never opened")
            }
            switch kind {
            case 1:
                if file == files.count {
                    let path = String(decoding: body, as: UTF8.self)
                    guard path == directory || path.hasPrefix(directory + "/") else {
                        throw Malformed(offset: at, problem: "\(path) lies outside \(directory)")
                    }
                    let name = String(path.dropFirst(directory.count)).trimmingPrefix("/")
                    files.append(File(name: String(name), isDirectory: offset & 4 != 0,
                                      createdAt: offset & 1 != 0 ? operations.count : nil))
                }
                operations.append(.open(file: file))
            case 2, 6: operations.append(.write(file: file, offset: Int(offset), bytes: body, synchronous: kind == 6))
            case 3: operations.append(.sync(file: file))
            case 4: operations.append(.truncate(file: file, size: Int(offset)))
            case 5: operations.append(.output(body))
            case 7: operations.append(.unlink(file: file))
            default: throw Malformed(offset: at, problem: "unknown kind \(kind)")
            }
            at += 24 + Int(length)
        }
    }
}
