/// Personal data (a consumer's or reporter's name or phone number) as events carry it: encrypted under a key
/// that belongs to one person and is kept outside the log. Erasing that key (crypto-shredding) makes every
/// copy unreadable, while the log itself — and its hash chain — stays exactly as recorded.
///
/// Encoded in payloads as a nested message: 1 subject (text), 2 box (bytes: AES-GCM nonce ‖ ciphertext ‖ tag,
/// with the subject as authenticated data).
public struct SealedPersonalData: Hashable, Sendable {
    /// The person's pseudonymous id, which names their key.
    public var subject: String
    public var box: [UInt8]

    public init(subject: String, box: [UInt8]) {
        self.subject = subject
        self.box = box
    }

    public func write(to writer: inout PayloadWriter, field: UInt32) {
        writer.write(field, message: { message in
            message.write(1, subject)
            message.write(2, bytes: box)
        })
    }

    public static func read(_ field: PayloadReader.Field) throws(PayloadError) -> SealedPersonalData {
        var reader = try field.message()
        var subject: String?, box: [UInt8]?
        while let inner = try reader.next() {
            switch inner.number {
            case 1: subject = try inner.string()
            case 2: box = try inner.bytes()
            default: break
            }
        }
        guard let subject else { throw .missingField(field: field.number, name: "subject") }
        guard let box else { throw .missingField(field: field.number, name: "box") }
        return SealedPersonalData(subject: subject, box: box)
    }
}
