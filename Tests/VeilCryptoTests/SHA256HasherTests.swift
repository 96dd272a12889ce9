import Testing

@testable import VeilCrypto

/// Incremental SHA-256 agrees with FIPS 180-4 examples and with the one-shot hash, however the input is split.
@Suite("SHA256Hasher")
struct SHA256HasherTests {
    @Test("FIPS 180-4 examples: \"abc\" and the empty message")
    func knownAnswers() {
        var abc = SHA256Hasher()
        abc.update(Array("a".utf8))
        abc.update(Array("bc".utf8))
        #expect(abc.finalize().hexString == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        var empty = SHA256Hasher()
        empty.update([UInt8]())
        #expect(empty.finalize().hexString == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test("any split of a message gives the one-shot digest")
    func splits() {
        let message = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
        let expected = SHA256Hash.hash(message)
        for chunk in [1, 63, 64, 65, 1000, 10_000] {
            var hasher = SHA256Hasher()
            var offset = 0
            while offset < message.count {
                let end = min(offset + chunk, message.count)
                message[offset..<end].withUnsafeBytes { hasher.update($0) }
                offset = end
            }
            #expect(hasher.finalize() == expected, "chunks of \(chunk)")
        }
    }
}
