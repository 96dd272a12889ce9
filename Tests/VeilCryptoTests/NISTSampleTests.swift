import Testing

@testable import VeilCrypto

/// Known-answer tests: NIST's FF1 samples (SP 800-38G) and ACVP FF3-1 vectors, in both directions.
@Suite("NIST FF1 and FF3-1 samples")
struct NISTSampleTests {
    // The vector file's keys.
    // swift-format-ignore: AlwaysUseLowerCamelCase
    struct Sample: Decodable, CustomTestStringConvertible {
        let alg: String
        let key_hex: String
        let radix: Int
        let alphabet: String?
        let tweak_hex: String
        let plaintext: String
        let ciphertext: String
        let source: String

        var testDescription: String { source }

        /// An entry without `alphabet` uses the first `radix` characters of 0-9a-z.
        var fpeAlphabet: FPEAlphabet {
            get throws {
                try FPEAlphabet(alphabet ?? String("0123456789abcdefghijklmnopqrstuvwxyz".prefix(radix)))
            }
        }
    }

    static let samples: [Sample] = (try? TestVectors.load([Sample].self, "nist/fpe-samples.json")) ?? []

    @Test("the file has 9 FF1 samples and 18 FF3-1 vectors")
    func counts() {
        #expect(Self.samples.filter { $0.alg == "FF1" }.count == 9)
        #expect(Self.samples.filter { $0.alg == "FF3-1" }.count == 18)
    }

    @Test("FF1 samples", arguments: samples.filter { $0.alg == "FF1" })
    func ff1(sample: Sample) throws {
        let alphabet = try sample.fpeAlphabet
        let cipher = try FF1(key: SecureBytes(hexBytes(sample.key_hex)), radix: sample.radix)
        let tweak = hexBytes(sample.tweak_hex)
        let encrypted = try cipher.encrypt(alphabet.numerals(sample.plaintext), tweak: tweak)
        #expect(alphabet.string(encrypted) == sample.ciphertext)
        let decrypted = try cipher.decrypt(alphabet.numerals(sample.ciphertext), tweak: tweak)
        #expect(alphabet.string(decrypted) == sample.plaintext)
        let batch = try cipher.encrypt(batch: [alphabet.numerals(sample.plaintext)], tweak: tweak)
        #expect(batch == [encrypted])
    }

    @Test("FF3-1 vectors", arguments: samples.filter { $0.alg == "FF3-1" })
    func ff3(sample: Sample) throws {
        let alphabet = try sample.fpeAlphabet
        let cipher = try FF3_1(key: SecureBytes(hexBytes(sample.key_hex)), radix: sample.radix)
        let tweak = hexBytes(sample.tweak_hex)
        let encrypted = try cipher.encrypt(alphabet.numerals(sample.plaintext), tweak: tweak)
        #expect(alphabet.string(encrypted) == sample.ciphertext)
        let decrypted = try cipher.decrypt(alphabet.numerals(sample.ciphertext), tweak: tweak)
        #expect(alphabet.string(decrypted) == sample.plaintext)
    }
}
