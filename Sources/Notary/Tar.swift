/// POSIX ustar archives, written and read by hand, deterministically: the same files give the same bytes, so
/// that a verifier can refuse any byte that is not exactly what the writer wrote.
enum Tar {
    struct File: Equatable {
        var name: String
        var bytes: [UInt8]
    }

    enum Failure: Error, CustomStringConvertible {
        case malformed(String)
        var description: String {
            switch self { case .malformed(let reason): return "not a bundle archive: \(reason)" }
        }
    }

    /// Regular files, mode 0644, owner 0, time 0, then two zero blocks.
    static func write(_ files: [File]) -> [UInt8] {
        var archive: [UInt8] = []
        for file in files {
            var header = [UInt8](repeating: 0, count: 512)
            func put(_ text: String, at offset: Int) { for (index, byte) in text.utf8.enumerated() { header[offset + index] = byte } }
            put(file.name, at: 0)
            put("0000644", at: 100)
            put("0000000", at: 108)
            put("0000000", at: 116)
            put(octal(file.bytes.count, width: 11), at: 124)
            put("00000000000", at: 136)
            put("        ", at: 148)
            header[156] = UInt8(ascii: "0")
            put("ustar", at: 257)
            put("00", at: 263)
            let sum = header.reduce(0) { $0 + Int($1) }
            put(octal(sum, width: 6), at: 148)
            header[154] = 0
            header[155] = UInt8(ascii: " ")
            archive += header
            archive += file.bytes
            archive += [UInt8](repeating: 0, count: (512 - file.bytes.count % 512) % 512)
        }
        return archive + [UInt8](repeating: 0, count: 1024)
    }

    /// The files of an archive `write` wrote; anything else, down to one byte, is refused.
    static func read(_ archive: [UInt8]) throws(Failure) -> [File] {
        var files: [File] = []
        var offset = 0
        while offset + 512 <= archive.count {
            let header = archive[offset..<(offset + 512)]
            if header.allSatisfy({ $0 == 0 }) { break }
            let nameBytes = header.prefix(100).prefix { $0 != 0 }
            guard let size = octal(archive[(offset + 124)..<(offset + 135)]), size <= archive.count - offset - 512 else {
                throw .malformed("entry \(files.count + 1) has a bad size: its header's size field is not 11 octal digits within the archive")
            }
            let name = String(decoding: nameBytes, as: UTF8.self)
            files.append(File(name: name, bytes: Array(archive[(offset + 512)..<(offset + 512 + size)])))
            offset += 512 + (size + 511) / 512 * 512
        }
        guard write(files) == archive else {
            throw .malformed("its bytes differ from what `fangxin evidence export` writes for these files (a header, padding or trailer was altered, or something was added)")
        }
        return files
    }

    /// A size field as `write` writes it: octal digits only. No sign, space or other digit is taken, so that a
    /// crafted `-0000000001` is refused rather than read as -1. At most 11 digits: never beyond 8^11 - 1.
    private static func octal(_ field: ArraySlice<UInt8>) -> Int? {
        guard !field.isEmpty, field.count <= 11, field.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "7")).contains($0) }) else { return nil }
        return field.reduce(0) { $0 << 3 | Int($1 - UInt8(ascii: "0")) }
    }

    private static func octal(_ value: Int, width: Int) -> String {
        let digits = String(value, radix: 8)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
