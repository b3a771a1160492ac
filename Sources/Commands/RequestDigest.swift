import Crypto
import JSONText
import Ledger

/// What a command document asks, as a digest: `sha256:` and the hex of SHA-256 over the document in canonical
/// JSON (sorted keys, no spaces), less its `id` and less the personal data it carries (docs/COMMANDS.md,
/// "Idempotency"). Recorded as the events' causation id, it lets a later command under the same id be told
/// apart from a retry. Personal data stays out of it, so a digest cannot be used to guess an erased name or
/// phone number.
enum RequestDigest {
    /// What is left out of a command's fields: personal data. (A service body's `id` is not among them.)
    static let personalFields: Set<String> = ["consumerName", "consumerPhone", "reporterName", "reporterPhone"]

    static func of(_ document: CommandText) -> String {
        "sha256:" + hexadecimal(SHA256.hash(data: canonical(document)))
    }

    /// The canonical JSON the digest is taken over.
    static func canonical(_ document: CommandText) -> [UInt8] {
        // The document's members but `id`, in key order: the actor, the target, the command and any target given as null.
        enum Member { case actor, target, command, null }
        var members: [(key: String, member: Member)] = [("actor", .actor), (document.target.rawValue, .target), (document.command, .command)]
        for name in document.nullTargets { members.append((name, .null)) }
        members.sort { $0.key < $1.key }
        var canonical = JSONWriter(reservingCapacity: 512)
        canonical.open()
        for (index, (key, member)) in members.enumerated() {
            canonical.member(key, first: index == 0)
            switch member {
            case .actor:
                // Every object's `id` is left out, the actor's too, as digests have been since the first were
                // recorded; another caller under the same id is told apart by the actor the events record.
                canonical.open()
                canonical.member(literal: "role", first: true)
                canonical.write(document.actorRole)
                canonical.close()
            case .target:
                canonical.write(document.subject)
            case .null:
                canonical.writeNull()
            case .command:
                canonical.open()
                let fields = document.fields.filter { !personalFields.contains($0.name) }.sorted { $0.name < $1.name }
                for (index, field) in fields.enumerated() {
                    canonical.member(field.name, first: index == 0)
                    switch field.value {
                    case .text(let text): canonical.write(text)
                    case .number(let number): canonical.write(number)
                    case .flag(let flag): canonical.write(flag)
                    case .null: canonical.writeNull()
                    case .texts(let texts):
                        canonical.openArray()
                        for (index, text) in texts.enumerated() {
                            canonical.element(first: index == 0)
                            canonical.write(text)
                        }
                        canonical.closeArray()
                    }
                }
                canonical.close()
            }
        }
        canonical.close()
        return canonical.bytes
    }
}
