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
    /// Longer than any command can be (a record holds 65,535 bytes): such a line is given cut to one byte over
    /// this, for the parser to refuse, and the rest of it is skipped, so that memory holds at most this much of it.
    static let lineBytesMax = 1 << 20

    init?(path: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        self.handle = handle
        size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? UInt64) ?? 0
    }

    /// Drops what is left of the current line, up to and past its line break.
    private mutating func skipToNextLine() throws {
        var rest = Array(buffer[(start + Self.lineBytesMax + 1)...])
        while true {
            if let newline = rest.firstIndex(of: UInt8(ascii: "\n")) {
                buffer = Array(rest[(newline + 1)...])
                start = 0
                return
            }
            let block = try handle.read(upToCount: Self.blockSize) ?? Data()
            bytesRead += UInt64(block.count)
            guard !block.isEmpty else {
                (buffer, start, atEnd) = ([], 0, true)
                return
            }
            rest = Array(block)
        }
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
            if buffer.count - start > Self.lineBytesMax {
                let kept = buffer[start..<(start + Self.lineBytesMax + 1)]
                try skipToNextLine()
                lineNumber += 1
                return kept
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
