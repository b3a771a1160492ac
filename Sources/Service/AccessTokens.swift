import Crypto
import Domain
public import Foundation
import Ledger
import Synchronization

/// The bearer tokens the service accepts, each mapped to a caller. The file keeps only SHA-256 digests of the
/// tokens, so reading it does not give away a token.
///
///     {"tokens": [{"sha256": "9f86d0…", "actor": "jiashan-amr-01", "role": "regulator", "region": "330421"},
///                 {"sha256": "2c26b4…", "actor": "daishan-bank-01", "role": "bank", "bank": "岱山农商银行"},
///                 {"sha256": "60303a…", "actor": "shop-owner-1", "role": "merchant", "merchant": "91330421MA28JJY015"}]}
public struct AccessTokens: Sendable {
    private let callers: [String: Caller]
    public let entries: [Entry]
    /// The callers of tokens presented before, by the token: a request then costs a look-up, not a digest. Only
    /// known tokens are kept, so no one fills it by presenting made-up ones: it holds at most one per entry.
    let presented = PresentedTokens()

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
            guard (entry.role == .bank) == (entry.bank != nil) else {
                throw .invalid(entry: index + 1, reason: "a bank token names its bank, and only a bank token does")
            }
            let actsInRegion = entry.role == .regulator || entry.role == .mediator
            guard actsInRegion == (entry.region != nil) else {
                throw .invalid(entry: index + 1, reason: "a regulator's or mediator's token names its region, and only such a token does")
            }
            var region: RegionCode?
            if let code = entry.region {
                do { region = try RegionCode(code) } catch { throw .invalid(entry: index + 1, reason: "region \(error)") }
            }
            guard callers[digest] == nil else { throw .invalid(entry: index + 1, reason: "the same token is listed twice") }
            callers[digest] = Caller(actor: entry.actor, role: entry.role, merchant: entry.merchant, bank: entry.bank, region: region)
        }
        self.callers = callers
        self.entries = entries
    }

    /// Reads a tokens file.
    public init(contentsOf path: String) throws(AccessTokenError) {
        // A tokens file lists a province's callers: 16 MiB is far beyond any, and no file makes more be read.
        let data: Data
        do {
            guard let handle = FileHandle(forReadingAtPath: path) else { throw CocoaError(.fileNoSuchFile) }
            data = try handle.read(upToCount: Self.fileBytesMax + 1) ?? Data()
        } catch { throw .unreadable(path: path, reason: error.localizedDescription) }
        guard data.count <= Self.fileBytesMax else { throw .unreadable(path: path, reason: "it is larger than \(Self.fileBytesMax) bytes") }
        try self.init(parsing: data, path: path)
    }

    /// Reads a tokens file's bytes; `path` names it in errors.
    public init(parsing data: Data, path: String) throws(AccessTokenError) {
        let file: File
        do { file = try JSONDecoder().decode(File.self, from: data) } catch { throw .unreadable(path: path, reason: "\(error)") }
        try self.init(file.tokens)
    }

    static let fileBytesMax = 16 << 20

    /// No tokens: only the public face answers.
    public static let none = try! AccessTokens([])

    public var isEmpty: Bool { callers.isEmpty }

    /// The caller a presented token stands for, nil for an unknown token.
    public func caller(presenting token: String) -> Caller? {
        if let known = presented.caller(token) { return known }
        guard let caller = callers[Self.digest(token)] else { return nil }
        presented.keep(caller, for: token)
        return caller
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
        /// The organisation the token speaks for: a merchant's credit code, a bank's name, a bureau's or
        /// mediator's region (a GB/T 2260 code: a county, or a city or province holding its counties).
        public var merchant: String?
        public var bank: String?
        public var region: String?

        public init(token: String, actor: String, role: Role, merchant: String? = nil, bank: String? = nil, region: String? = nil) {
            sha256 = AccessTokens.digest(token)
            self.actor = actor
            self.role = role
            self.merchant = merchant
            self.bank = bank
            self.region = region
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

/// The tokens presented so far and their callers (`AccessTokens.caller(presenting:)`). Dictionary keys hash with a
/// per-process random seed, so how long a look-up takes tells an outsider nothing about the tokens it holds.
final class PresentedTokens: Sendable {
    private let callers = Mutex<[String: Caller]>([:])

    func caller(_ token: String) -> Caller? { callers.withLock { $0[token] } }

    func keep(_ caller: Caller, for token: String) { callers.withLock { $0[token] = caller } }

    var count: Int { callers.withLock { $0.count } }
}
