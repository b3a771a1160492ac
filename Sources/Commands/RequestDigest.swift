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
        var members = document
        members["id"] = nil
        for (key, value) in members {
            guard case .object(var fields) = value else { continue }
            // The service takes a body's "id" as the command id: it is the key, not what is asked.
            for field in omittedFields { fields[field] = nil }
            members[key] = .object(fields)
        }
        var canonical = JSONWriter()
        canonical.write(JSONValue.object(members))
        return "sha256:" + hexadecimal(SHA256.hash(data: canonical.bytes))
    }
}
