import Foundation
import HTTPTypes
import Hummingbird

/// A JSON response with sorted keys: the same answer is always the same bytes.
struct JSONDocument<Value: Encodable & Sendable>: ResponseGenerator {
    let value: Value

    init(_ value: Value) { self.value = value }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        .json(SortedJSON.encode(value))
    }
}

extension Response {
    /// A 200 response of JSON already encoded.
    static func json(_ bytes: [UInt8]) -> Response {
        Response.bytes(bytes, contentType: "application/json")
    }

    /// A response of these bytes, with their type and length (and caching, when given).
    static func bytes(_ bytes: [UInt8], status: HTTPResponse.Status = .ok, contentType: String, cache: String? = nil) -> Response {
        var headers: HTTPFields = [.contentType: contentType, .contentLength: String(bytes.count)]
        if let cache { headers[.cacheControl] = cache }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

/// JSON with sorted keys, for documents and problems alike.
enum SortedJSON {
    static func encode(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // The documents are plain structs of strings and numbers: encoding them cannot fail.
        return Array(try! encoder.encode(value))
    }
}
