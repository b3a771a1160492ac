import Foundation

/// A file's lines, read a block at a time: memory holds one block and one line, whatever the file's size.
struct LineReader {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false
    /// The number of the last line given, from 1.
    private(set) var lineNumber = 0
    /// Bytes read so far, and the file's size when it was opened: how far through it is.
    private(set) var bytesRead: UInt64 = 0
    let size: UInt64

    static let blockSize = 1 << 20

    init?(path: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        self.handle = handle
        size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? UInt64) ?? 0
    }

    /// The next line, without its line break; nil at the end of the file.
    mutating func next() throws -> ArraySlice<UInt8>? {
        while true {
            if let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                defer { start = newline + 1 }
                lineNumber += 1
                return buffer[start..<newline]
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                defer { start = buffer.count }
                lineNumber += 1
                return buffer[start...]
            }
            // Keep the partial line, then read the next block after it.
            buffer.removeSubrange(0..<start)
            start = 0
            let block = try handle.read(upToCount: Self.blockSize) ?? Data()
            bytesRead += UInt64(block.count)
            if block.isEmpty { atEnd = true } else { buffer.append(contentsOf: block) }
        }
    }
}
