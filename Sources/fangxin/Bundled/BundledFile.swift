import Foundation

/// One file of Fixtures/, compiled in: its path in the repository and its bytes, in base64 (`tools/embed-fixtures`).
struct BundledFile: Sendable {
    let path: String
    let base64: [String]

    var name: String { String(path.split(separator: "/").last ?? "") }

    var data: Data {
        guard let data = Data(base64Encoded: base64.joined()) else { preconditionFailure("tools/embed-fixtures writes valid base64") }
        return data
    }
}
