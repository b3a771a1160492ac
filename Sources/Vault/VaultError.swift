/// Why the vault refused or failed.
public enum VaultError: Error, Equatable, CustomStringConvertible {
    /// The person's key was erased: what was sealed for them can never be read again.
    case erased(subject: String)
    /// No key was ever made for this person in this vault.
    case unknownSubject(String)
    /// The box was altered, or sealed for another person.
    case notAuthentic(subject: String)
    case invalidSubject(String)
    case storage(String)

    public var description: String {
        switch self {
        case .erased(let subject): return "the personal data of \(subject) was erased and cannot be read"
        case .unknownSubject(let subject): return "the vault holds no key for \(subject)"
        case .notAuthentic(let subject): return "the sealed data of \(subject) does not authenticate: altered, or sealed for someone else"
        case .invalidSubject(let subject): return "\"\(subject)\" is not a usable subject id (1 to 200 bytes of UTF-8)"
        case .storage(let detail): return "vault storage failure: \(detail)"
        }
    }
}
