import Testing
import VeilCrypto

@testable import VeilVault

/// API keys: format, stored form (SHA-256 hex), verification.
@Suite("APIKey")
struct APIKeyTests {
    @Test("format: veil_ + 52 lowercase base32 characters encoding 32 bytes")
    func format() throws {
        let key = APIKey.generate()
        let text = key.reveal()
        #expect(text.hasPrefix("veil_"))
        #expect(text.count == 57)
        let encoded = String(text.dropFirst(5))
        #expect(encoded == encoded.lowercased())
        #expect(!encoded.contains("="))
        #expect(try Base32.decode(encoded).count == 32)
        #expect(APIKey.isWellFormed(text))
        #expect(key.text.count == 57)
    }

    @Test("round trip: the generated key verifies against its stored form")
    func roundTrip() {
        for _ in 0..<20 {
            let key = APIKey.generate()
            #expect(APIKey.verify(key.reveal(), storedForm: key.storedForm))
            #expect(APIKey.verify(key.reveal(), storedForm: key.storedForm.uppercased()))
        }
    }

    @Test("a wrong, altered or malformed key is refused; a malformed stored form refuses")
    func wrongKeyRefused() {
        let key = APIKey.generate()
        let other = APIKey.generate()
        let text = key.reveal()
        #expect(!APIKey.verify(other.reveal(), storedForm: key.storedForm))
        #expect(!APIKey.verify(String(text.dropLast()), storedForm: key.storedForm))
        #expect(!APIKey.verify(text + "a", storedForm: key.storedForm))
        #expect(!APIKey.verify(text.uppercased(), storedForm: key.storedForm))
        #expect(!APIKey.verify("", storedForm: key.storedForm))
        #expect(!APIKey.verify(text, storedForm: ""))
        #expect(!APIKey.verify(text, storedForm: String(key.storedForm.dropLast())))
        #expect(!APIKey.verify(text, storedForm: String(key.storedForm.dropLast()) + "g"))
        // Flipping the last character of the key to another alphabet symbol.
        let last = text.last == "a" ? "b" : "a"
        #expect(!APIKey.verify(String(text.dropLast()) + last, storedForm: key.storedForm))
    }

    @Test("the stored form is the SHA-256 hex of the key's text and never equals or contains the key")
    func storedForm() {
        let key = APIKey.generate()
        let text = key.reveal()
        let stored = key.storedForm
        #expect(stored.count == 64)
        #expect(stored.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(stored == SHA256Hash.hash(Array(text.utf8)).hexString)
        #expect(stored != text)
        #expect(!stored.contains(String(text.dropFirst(5).prefix(16))))
        #expect(APIKey.generate().storedForm != stored)
    }

    @Test("isWellFormed rejects other shapes; description never shows the key")
    func shapesAndDescription() {
        let key = APIKey.generate()
        let text = key.reveal()
        #expect(!APIKey.isWellFormed(String(text.dropFirst(5))))
        #expect(!APIKey.isWellFormed("VEIL_" + text.dropFirst(5)))
        #expect(!APIKey.isWellFormed(text.uppercased()))
        #expect(!APIKey.isWellFormed(text + "a"))
        #expect(!APIKey.isWellFormed(String(text.dropLast()) + "1"))
        #expect(!"\(key)".contains(String(text.dropFirst(5))))
        #expect(key.description == "APIKey(veil_…)")
    }
}
