/// Bytes as lowercase hexadecimal, two digits a byte: how hashes and digests are written everywhere.
/// Inlinable, so that each caller's sequence (a digest, an array) is walked directly, not through its protocol.
@inlinable
public func hexadecimal(_ bytes: some Sequence<UInt8>) -> String {
    let digits: StaticString = "0123456789abcdef"
    let count = bytes.underestimatedCount
    var text = [UInt8]()
    text.reserveCapacity(count * 2)
    digits.withUTF8Buffer { digits in
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
    }
    return String(decoding: text, as: UTF8.self)
}
