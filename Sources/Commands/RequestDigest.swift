import Crypto
import JSONText
import Ledger

/// What a command document asks, as a digest: `sha256:` and the hex of SHA-256 over the document in canonical
/// JSON (sorted keys, no spaces), less its `id` and less the personal data it carries (docs/COMMANDS.md,
/// "Idempotency"). Recorded as the events' causation id, it lets a later command under the same id be told
/// apart from a retry. Personal data stays out of it, so a digest cannot be used to guess an erased name or
/// phone number.
enum RequestDigest {
    static let personalFields: Set<String> = ["consumerName", "consumerPhone", "reporterName", "reporterPhone"]
    /// What is left out of each command's fields: personal data, and the service's body `id`.
    private static let omittedFields = personalFields.union(["id"])

    static func of(_ document: [String: JSONValue]) -> String {
        // Written as it is read, leaving out what is omitted, rather than copied and then written.
        var canonical = JSONWriter(reservingCapacity: 512)
        canonical.open()
        for (index, (key, value)) in document.sorted(by: { $0.key < $1.key }).filter({ $0.key != "id" }).enumerated() {
            canonical.member(key, first: index == 0)
            guard case .object(let fields) = value else {
                canonical.write(value)
                continue
            }
            // The service takes a body's "id" as the command id: it is the key, not what is asked.
            canonical.open()
            for (index, (name, field)) in fields.sorted(by: { $0.key < $1.key }).filter({ !omittedFields.contains($0.key) }).enumerated() {
                canonical.member(name, first: index == 0)
                canonical.write(field)
            }
            canonical.close()
        }
        canonical.close()
        return "sha256:" + hexadecimal(SHA256.hash(data: canonical.bytes))
    }
}
