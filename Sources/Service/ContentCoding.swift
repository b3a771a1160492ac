import CompressNIO
import Foundation
import NIOCore

/// HTTP content codings (RFC 9110, 12.5.3): whether a client takes gzip, and gzip itself.
enum ContentCoding {
    /// Whether `Accept-Encoding` allows gzip: named (or `x-gzip`, or `*`) without a weight of 0. Absent, or longer
    /// than any client sends, nothing but identity is assumed, so that a client that never asked gets no
    /// compressed bytes.
    static func acceptsGzip(_ header: String?) -> Bool {
        guard let header, header.utf8.count <= 1_024 else { return false }
        var gzip: Bool?, any: Bool?
        for item in header.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let coding = parts.first else { continue }
            let refused = parts.dropFirst().contains { $0.hasPrefix("q=") && Double($0.dropFirst(2)) == 0 }
            switch coding {
            case "gzip", "x-gzip": gzip = !refused
            case "*": any = !refused
            default: continue
            }
        }
        return gzip ?? any ?? false
    }

    /// `bytes` in gzip (RFC 1952), as zlib writes it.
    static func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        var buffer = ByteBuffer(bytes: bytes)
        let compressed = try buffer.compress(with: .gzip())
        return Array(compressed.readableBytesView)
    }
}
