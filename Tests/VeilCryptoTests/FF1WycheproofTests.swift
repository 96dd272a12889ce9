import Testing

@testable import VeilCrypto

/// Known-answer tests: every Wycheproof AES-FF1 file, both directions, and every invalid case rejected.
@Suite("FF1 Wycheproof vectors")
struct FF1WycheproofTests {
    struct File: Decodable {
        let algorithm: String
        let numberOfTests: Int
        let testGroups: [Group]
    }

    struct Group: Decodable {
        let radix: Int
        let alphabet: String?
        let tests: [Case]
    }

    struct Case: Decodable {
        let tcId: Int
        let key: String
        let tweak: String
        let msg: Value
        let ct: Value
        let result: String
        let flags: [String]
    }

    /// `FpeListTest` files hold integer lists; `FpeStrTest` files hold strings over the group's alphabet.
    enum Value: Decodable {
        case list([Int])
        case text(String)

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self = .text(text)
            } else {
                self = .list(try container.decode([Int].self))
            }
        }
    }

    struct Tally {
        var validMatched = 0
        var rejected = 0
        var smallDomainRejected = 0
    }

    @Test("all cases of the file", arguments: TestVectors.ff1Files)
    func vectors(fileName: String) throws {
        let file = try TestVectors.load(File.self, "wycheproof/\(fileName)")
        #expect(file.algorithm == "AES-FF1")
        var tally = Tally()
        for group in file.testGroups {
            let alphabet = try group.alphabet.map { try FPEAlphabet($0) }
            if let alphabet { #expect(alphabet.radix == group.radix) }
            for test in group.tests {
                run(test, radix: group.radix, alphabet: alphabet, tally: &tally)
            }
        }
        let name = fileName.replacingOccurrences(of: "_test.json", with: "")
        print(
            "\(name): \(tally.validMatched) valid ok, \(tally.rejected) rejected "
                + "(\(tally.smallDomainRejected) of them SmallMessageSize, valid in the 2016 text)")
        #expect(tally.validMatched > 0)
        #expect(tally.rejected > 0)
        #expect(tally.validMatched + tally.rejected == file.numberOfTests)
    }

    private func run(_ test: Case, radix: Int, alphabet: FPEAlphabet?, tally: inout Tally) {
        // Veil enforces the Rev. 1 domain bound, so the 2016-valid small domains must be rejected too.
        let small = test.flags.contains("SmallMessageSize")
        let expectValid = test.result == "valid" && !small
        do {
            let cipher = try FF1(key: SecureBytes(hexBytes(test.key)), radix: radix)
            let tweak = hexBytes(test.tweak)
            let plaintext = try numerals(test.msg, cipher: cipher, alphabet: alphabet)
            let ciphertext = try cipher.encrypt(plaintext, tweak: tweak)
            guard expectValid else {
                Issue.record("tcId \(test.tcId) (\(test.flags)) was accepted but must be rejected")
                return
            }
            let expected = try numerals(test.ct, cipher: cipher, alphabet: alphabet)
            #expect(ciphertext == expected, "tcId \(test.tcId) encryption")
            #expect(try cipher.decrypt(expected, tweak: tweak) == plaintext, "tcId \(test.tcId) decryption")
            checkPacked(cipher, plaintext, expected, tweak: tweak, test.tcId)
            if ciphertext == expected { tally.validMatched += 1 }
        } catch {
            if expectValid {
                Issue.record("tcId \(test.tcId) was rejected: \(error)")
            } else {
                tally.rejected += 1
                if small {
                    #expect(error.code == .invalidLength)
                    tally.smallDomainRejected += 1
                }
            }
        }
    }

    /// The packed in-place path gives the vector's ciphertext, and its plaintext back, with the value packed three
    /// times over.
    private func checkPacked(_ cipher: FF1, _ plaintext: [UInt16], _ expected: [UInt16], tweak: [UInt8], _ id: Int) {
        var packed = plaintext + plaintext + plaintext
        do {
            try cipher.packed(&packed, length: plaintext.count, tweak: tweak)
            #expect(packed == expected + expected + expected, "tcId \(id) packed encryption")
            try cipher.packed(&packed, length: plaintext.count, tweak: tweak, decrypting: true)
            #expect(packed == plaintext + plaintext + plaintext, "tcId \(id) packed decryption")
        } catch {
            Issue.record("tcId \(id) was rejected by the packed path: \(error)")
        }
    }

    private func numerals(_ value: Value, cipher: FF1, alphabet: FPEAlphabet?) throws(CryptoError) -> [UInt16] {
        switch value {
        case .list(let integers): try cipher.validatedNumerals(integers)
        case .text(let text): try alphabet!.numerals(text)
        }
    }
}
