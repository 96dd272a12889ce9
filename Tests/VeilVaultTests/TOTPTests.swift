import Foundation
import Testing
import VeilCrypto

@testable import VeilVault

/// RFC 6238 TOTP: the Appendix B vectors, the ±1 step window, replay refusal and the enrolment URI.
@Suite("TOTP")
struct TOTPTests {
    /// RFC 6238 Appendix B seeds: the ASCII digits "1234567890" repeated to 20, 32 and 64 bytes.
    static func seed(_ count: Int) -> SecureBytes {
        SecureBytes(Array(String(repeating: "1234567890", count: 7).utf8.prefix(count)))
    }

    /// One row of RFC 6238 Appendix B: Unix time, algorithm, expected 8-digit code.
    struct Vector: Sendable, CustomTestStringConvertible {
        let time: TimeInterval
        let algorithm: HMACAlgorithm
        let code: String
        var testDescription: String { "\(algorithm) at \(Int64(time))" }
    }

    /// Every row of RFC 6238 Appendix B (18 rows).
    static let vectors: [Vector] = {
        let rows: [(TimeInterval, String, String, String)] = [
            (59, "94287082", "46119246", "90693936"),
            (1_111_111_109, "07081804", "68084774", "25091201"),
            (1_111_111_111, "14050471", "67062674", "99943326"),
            (1_234_567_890, "89005924", "91819424", "93441116"),
            (2_000_000_000, "69279037", "90698825", "38618901"),
            (20_000_000_000, "65353130", "77737706", "47863826"),
        ]
        return rows.flatMap { time, sha1, sha256, sha512 in
            [
                Vector(time: time, algorithm: .sha1, code: sha1),
                Vector(time: time, algorithm: .sha256, code: sha256),
                Vector(time: time, algorithm: .sha512, code: sha512),
            ]
        }
    }()

    static func seedSize(_ algorithm: HMACAlgorithm) -> Int {
        switch algorithm {
        case .sha1: 20
        case .sha256: 32
        case .sha512: 64
        }
    }

    @Test("RFC 6238 Appendix B vectors (8 digits)", arguments: vectors)
    func appendixB(_ vector: Vector) throws {
        let totp = try TOTP(secret: Self.seed(Self.seedSize(vector.algorithm)), algorithm: vector.algorithm, digits: 8)
        let date = Date(timeIntervalSince1970: vector.time)
        #expect(try totp.code(at: date) == vector.code)
        #expect(totp.verify(vector.code, at: date, lastAcceptedStep: nil) == Int64(vector.time) / 30)
    }

    @Test("the Appendix B step counters: T = floor(time / 30)")
    func steps() throws {
        let totp = try TOTP(secret: Self.seed(20))
        #expect(try totp.step(at: Date(timeIntervalSince1970: 59)) == 1)
        #expect(try totp.step(at: Date(timeIntervalSince1970: 1_111_111_109)) == 0x235_23EC)
        #expect(try totp.step(at: Date(timeIntervalSince1970: 1_111_111_111)) == 0x235_23ED)
        #expect(try totp.step(at: Date(timeIntervalSince1970: 20_000_000_000)) == 0x27BC_86AA)
        #expect(throws: TOTPError.timeOutOfRange) { try totp.step(at: Date(timeIntervalSince1970: -1)) }
    }

    @Test("6 digits by default: the last six digits of the 8-digit code")
    func sixDigits() throws {
        let six = try TOTP(secret: Self.seed(20))
        let eight = try TOTP(secret: Self.seed(20), digits: 8)
        let date = Date(timeIntervalSince1970: 1_111_111_109)
        #expect(try six.code(at: date) == "081804")
        #expect(try six.code(at: date) == String(try eight.code(at: date).suffix(6)))
        #expect(six.algorithm == .sha1 && six.period == 30 && six.digits == 6)
    }

    @Test("the current step and one step either side are accepted; the matched step is returned")
    func window() throws {
        let totp = try TOTP(secret: Self.seed(20))
        let now = Date(timeIntervalSince1970: 1_700_000_015)
        let current = try totp.step(at: now)
        for offset in Int64(-1)...1 {
            let code = try totp.code(forStep: current + offset)
            #expect(totp.verify(code, at: now, lastAcceptedStep: nil) == current + offset)
            #expect(totp.verify(code, at: now, lastAcceptedStep: current - 2) == current + offset)
        }
    }

    @Test("a code two or more steps off is refused")
    func twoStepsOff() throws {
        let totp = try TOTP(secret: Self.seed(20))
        let now = Date(timeIntervalSince1970: 1_700_000_015)
        let current = try totp.step(at: now)
        for offset: Int64 in [-3, -2, 2, 3] {
            let code = try totp.code(forStep: current + offset)
            // Guard against a chance collision with a code inside the window.
            let inWindow = try (current - 1...current + 1).map { try totp.code(forStep: $0) }
            guard !inWindow.contains(code) else { continue }
            #expect(totp.verify(code, at: now, lastAcceptedStep: nil) == nil)
        }
    }

    @Test("a replayed code is refused, and so is any code at or before the last accepted step")
    func replay() throws {
        let totp = try TOTP(secret: Self.seed(20))
        let now = Date(timeIntervalSince1970: 1_700_000_015)
        let code = try totp.code(at: now)
        let accepted = try #require(totp.verify(code, at: now, lastAcceptedStep: nil))
        #expect(try accepted == totp.step(at: now))
        // The same code again, still inside its 30 seconds: refused.
        #expect(totp.verify(code, at: now, lastAcceptedStep: accepted) == nil)
        #expect(totp.verify(code, at: now.addingTimeInterval(29), lastAcceptedStep: accepted) == nil)
        // The previous step's code, still inside the ±1 window: refused once a later step was used.
        let previous = try totp.code(forStep: accepted - 1)
        #expect(totp.verify(previous, at: now, lastAcceptedStep: accepted) == nil)
        // The next step's code is new, so it is accepted and moves the mark forward.
        let next = try totp.code(forStep: accepted + 1)
        #expect(totp.verify(next, at: now.addingTimeInterval(30), lastAcceptedStep: accepted) == accepted + 1)
    }

    @Test("malformed codes are refused: wrong length, non-digits, surrounding spaces")
    func malformed() throws {
        let totp = try TOTP(secret: Self.seed(20))
        let now = Date(timeIntervalSince1970: 1_111_111_109)
        let code = try totp.code(at: now)
        #expect(totp.verify(code, at: now, lastAcceptedStep: nil) != nil)
        for bad in ["", String(code.dropLast()), code + "0", " " + code, "08180a", "０８１８０４", "-81804"] {
            #expect(totp.verify(bad, at: now, lastAcceptedStep: nil) == nil)
        }
    }

    @Test("parameters are validated: secret of 16+ bytes, 6 or 8 digits, positive period")
    func validation() throws {
        #expect(throws: TOTPError.secretTooShort) { try TOTP(secret: SecureBytes(zeroedCount: 15)) }
        #expect(throws: TOTPError.unsupportedDigits) { try TOTP(secret: Self.seed(20), digits: 7) }
        #expect(throws: TOTPError.invalidPeriod) { try TOTP(secret: Self.seed(20), period: 0) }
        _ = try TOTP(secret: SecureBytes(zeroedCount: 16))
    }

    @Test("generated secrets are 20 random bytes")
    func generatedSecret() throws {
        let secret = TOTP.generateSecret()
        #expect(secret.count == 20)
        #expect(secret != TOTP.generateSecret())
        let totp = try TOTP(secret: secret)
        let now = Date()
        #expect(totp.verify(try totp.code(at: now), at: now, lastAcceptedStep: nil) != nil)
    }

    @Test("otpauth URI: issuer label, percent-encoded name, unpadded base32 secret, parameters")
    func otpauthURI() throws {
        let totp = try TOTP(secret: Self.seed(20))
        #expect(
            totp.otpauthURI(accountName: "alice")
                == "otpauth://totp/Veil:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                + "&issuer=Veil&algorithm=SHA1&digits=6&period=30")
        #expect(
            totp.otpauthURI(accountName: "Zoë O'Brien/ops&co?x=1")
                == "otpauth://totp/Veil:Zo%C3%AB%20O%27Brien%2Fops%26co%3Fx%3D1?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                + "&issuer=Veil&algorithm=SHA1&digits=6&period=30")
        let sha512 = try TOTP(secret: Self.seed(64), algorithm: .sha512, digits: 8)
        let uri = sha512.otpauthURI(accountName: "bob@example.com", issuer: "Veil Staging")
        #expect(uri.hasPrefix("otpauth://totp/Veil%20Staging:bob%40example.com?secret="))
        #expect(uri.hasSuffix("&issuer=Veil%20Staging&algorithm=SHA512&digits=8&period=30"))
        // The secret in the URI decodes back to the seed.
        let secretText = try #require(URLComponents(string: uri)?.queryItems?.first { $0.name == "secret" }?.value)
        #expect(!secretText.contains("="))
        #expect(SecureBytes(try Base32.decode(secretText)) == Self.seed(64))
    }

    @Test("description shows the parameters, never the secret")
    func description() throws {
        let totp = try TOTP(secret: Self.seed(20))
        #expect(totp.description == "TOTP(SHA1, 6 digits, 30 s)")
        #expect(!"\(totp)".contains("1234567890"))
    }
}
