import Foundation
public import Hummingbird
import Queries

/// An error answered as `application/problem+json` (RFC 9457): a status, a short title, what went wrong in
/// words, and for bad input the parameter or field at fault.
public struct Problem: HTTPResponseError, Codable, Equatable {
    public var type = "about:blank"
    public var title: String
    public var statusCode: Int
    public var detail: String
    /// The query parameter or body field at fault, when one is.
    public var field: String?
    /// For a version conflict: the version the stream is actually at (0: it does not exist).
    public var actualVersion: UInt64?
    /// For a server fault: `urn:fangxin:problem:ID`, the id the service's log line carries too.
    public var instance: String?
    /// For 405: the methods the path takes, sent as `Allow`.
    var allowed: [String] = []
    /// For 503: the seconds after which to try again, sent as `Retry-After`.
    var retryAfter: Int?

    public var status: HTTPResponse.Status { .init(code: statusCode) }

    public init(_ status: HTTPResponse.Status, _ detail: String, field: String? = nil) {
        title = status.reasonPhrase
        statusCode = status.code
        self.detail = detail
        self.field = field
    }

    enum CodingKeys: String, CodingKey {
        case type, title, statusCode = "status", detail, field, actualVersion, instance
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"fangxin\"" }
        if !allowed.isEmpty { headers[.allow] = allowed.joined(separator: ", ") }
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: SortedJSON.encode(self))))
    }
}

extension Problem {
    static func invalid(_ parameter: InvalidParameter) -> Problem {
        Problem(.unprocessableContent, parameter.reason, field: parameter.name)
    }

    /// Reads request parameters, answering a bad one with 422 naming it.
    static func checking<R>(_ body: () throws(InvalidParameter) -> R) throws(Problem) -> R {
        do { return try body() } catch { throw .invalid(error) }
    }

    static let unauthenticated = Problem(.unauthorized, "this needs a bearer token (Authorization: Bearer TOKEN)")
    static let unknownToken = Problem(.unauthorized, "the bearer token is not one this service knows")
}
