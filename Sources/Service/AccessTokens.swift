import Crypto
import Foundation
import Ledger

/// The bearer tokens the service accepts, each mapped to a caller. The file keeps only SHA-256 digests of the
/// tokens, so reading it does not give away a token.
///
///     {"tokens": [{"sha256": "9f86d0…", "actor": "jiashan-amr-01", "role": "regulator"},
///                 {"sha256": "60303a…", "actor": "shop-owner-1", "role": "merchant", "merchant": "91330421MA28JJY015"}]}
public struct AccessTokens: Sendable {
    private let callers: [String: Caller]
    public let entries: [Entry]

    public init(_ entries: [Entry]) throws(AccessTokenError) {
        var callers: [String: Caller] = [:]
        for (index, entry) in entries.enumerated() {
            let digest = entry.sha256.lowercased()
            guard digest.count == 64, digest.allSatisfy(\.isHexDigit) else {
                throw .invalid(entry: index + 1, reason: "sha256 must be 64 hexadecimal digits")
            }
            guard !entry.actor.isEmpty else { throw .invalid(entry: index + 1, reason: "actor is empty") }
            guard (entry.role == .merchant) == (entry.merchant != nil) else {
                throw .invalid(entry: index + 1, reason: "a merchant token names its merchant, and only a merchant token does")
            }
            guard callers[digest] == nil else { throw .invalid(entry: index + 1, reason: "the same token is listed twice") }
            callers[digest] = Caller(actor: entry.actor, role: entry.role, merchant: entry.merchant)
        }
        self.callers = callers
        self.entries = entries
    }

    /// Reads a tokens file.
    public init(contentsOf path: String) throws(AccessTokenError) {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch { throw .unreadable(path: path, reason: error.localizedDescription) }
        let file: File
        do { file = try JSONDecoder().decode(File.self, from: data) } catch { throw .unreadable(path: path, reason: "\(error)") }
        try self.init(file.tokens)
    }

    /// No tokens: only the public face answers.
    public static let none = try! AccessTokens([])

    public var isEmpty: Bool { callers.isEmpty }

    /// The caller a presented token stands for, nil for an unknown token.
    public func caller(presenting token: String) -> Caller? {
        callers[Self.digest(token)]
    }

    public static func digest(_ token: String) -> String {
        hexadecimal(SHA256.hash(data: Data(token.utf8)))
    }

    /// A new random token: 32 bytes from the system's generator, as 64 hexadecimal digits.
    public static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return hexadecimal((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    /// One line of the file.
    public struct Entry: Codable, Sendable, Equatable {
        public var sha256: String
        public var actor: String
        public var role: Role
        public var merchant: String?

        public init(token: String, actor: String, role: Role, merchant: String? = nil) {
            sha256 = AccessTokens.digest(token)
            self.actor = actor
            self.role = role
            self.merchant = merchant
        }
    }

    public struct File: Codable, Sendable {
        public var tokens: [Entry]
        public init(tokens: [Entry]) { self.tokens = tokens }
    }
}

public enum AccessTokenError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case invalid(entry: Int, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): return "cannot read the tokens file \(path): \(reason)"
        case let .invalid(entry, reason): return "token \(entry) of the tokens file: \(reason)"
        }
    }
}
