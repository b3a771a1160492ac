import Foundation

/// A fresh directory of its own for each test, removed when the test ends; never a shared folder in /tmp.
public final class TemporaryDirectory {
    public let path: String

    public init() throws {
        var template = Array((FileManager.default.temporaryDirectory.path + "/fangxin-test-XXXXXX").utf8CString)
        guard mkdtemp(&template) != nil else { throw CocoaError(.fileWriteUnknown) }
        path = String(cString: template)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    public func sub(_ name: String) -> String { path + "/" + name }
}
