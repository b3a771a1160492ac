import Foundation
import NIOSSL
import PostgresNIO

/// A PostgreSQL connection URL, `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|require]`
/// (also `postgresql://`), as libpq writes them. Percent-escapes in the user, password and database are decoded.
public struct PostgresURL: Sendable, CustomStringConvertible {
    public let host: String
    public let port: Int
    public let user: String
    let password: String?
    public let database: String
    public let requiresTLS: Bool

    public init(_ text: String) throws(SinkError) {
        func bad(_ reason: String) -> SinkError { .badURL(Self.hidingPassword(text), reason: reason) }
        guard let components = URLComponents(string: text), let scheme = components.scheme else {
            throw bad("not a URL; write postgres://USER@HOST:PORT/DATABASE")
        }
        guard scheme == "postgres" || scheme == "postgresql" else { throw bad("the scheme is \(scheme), not postgres") }
        guard let host = components.host, !host.isEmpty else { throw bad("it names no host") }
        guard let user = components.user, !user.isEmpty else { throw bad("it names no user (postgres://USER@HOST/DATABASE)") }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else { throw bad("it names no database (postgres://USER@HOST/DATABASE)") }
        let port = components.port ?? 5432
        guard (1...65_535).contains(port) else { throw bad("the port \(port) is not 1 to 65535") }
        var requiresTLS = false
        for item in components.queryItems ?? [] {
            switch (item.name, item.value) {
            case ("sslmode", "disable"?): requiresTLS = false
            case ("sslmode", "require"?): requiresTLS = true
            case ("sslmode", let value): throw bad("sslmode=\(value ?? "") is not taken; give disable or require")
            default: throw bad("the parameter \(item.name) is not taken; only sslmode is")
            }
        }
        self.host = host
        self.port = port
        self.user = user
        self.password = components.password
        self.database = database
        self.requiresTLS = requiresTLS
    }

    /// The URL as it may be printed: without its password.
    public var description: String {
        "postgres://\(user)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)\(requiresTLS ? "?sslmode=require" : "")"
    }

    func configuration() throws(SinkError) -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        if requiresTLS {
            do { tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration())) } catch {
                throw .badURL(description, reason: "TLS cannot be set up: \(error)")
            }
        } else {
            tls = .disable
        }
        return PostgresConnection.Configuration(host: host, port: port, username: user, password: password, database: database, tls: tls)
    }

    /// `text` with any password replaced, for messages: whatever else is wrong with it.
    static func hidingPassword(_ text: String) -> String {
        text.replacing(/(:\/\/[^\/:@]*):[^@\/]*@/) { "\($0.output.1):***@" }
    }
}
