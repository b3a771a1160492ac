import Crypto
import Testing
import Transparency

@Suite struct SHA256StreamTests {
    @Test func itAgreesWithSwiftCryptoOnEveryLengthAndAnySplit() {
        var generator = SystemRandomNumberGenerator()
        for length in 0...300 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let expected = Array(SHA256.hash(data: bytes))
            var whole = SHA256Stream()
            bytes.withUnsafeBytes { whole.update($0) }
            #expect(withUnsafeBytes(of: whole.finalize(), Array.init) == expected, "length \(length)")
            let split = length == 0 ? 0 : Int.random(in: 0...length, using: &generator)
            var pieces = SHA256Stream()
            bytes.withUnsafeBytes {
                pieces.update(UnsafeRawBufferPointer(rebasing: $0[..<split]))
                pieces.update(UnsafeRawBufferPointer(rebasing: $0[split...]))
            }
            #expect(withUnsafeBytes(of: pieces.finalize(), Array.init) == expected, "length \(length) split at \(split)")
        }
    }

    @Test func theFIPS180ExamplesHashAsPublished() {
        func hex(_ text: String) -> String {
            var stream = SHA256Stream()
            Array(text.utf8).withUnsafeBytes { stream.update($0) }
            return withUnsafeBytes(of: stream.finalize()) { $0.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined() }
        }
        #expect(hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }
}
