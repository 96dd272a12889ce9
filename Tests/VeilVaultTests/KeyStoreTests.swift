import Foundation
import Testing
import VeilCore
import VeilCrypto
import VeilTestSupport

@testable import VeilVault

/// Key store: creation, permissions, wrong passphrase, tampering. Each create/open runs scrypt at
/// N = 2^17, so the suite keeps the number of derivations small.
@Suite("Key store")
struct KeyStoreTests {
    let passphrase = SecureBytes(Array("correct horse battery staple".utf8))

    @Test("create then open gives the same data key; the file is 0600 and stores scrypt parameters")
    func createAndOpen() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("keys")
        let created = try KeyStore.create(at: path, passphrase: passphrase)
        let opened = try KeyStore.open(at: path, passphrase: passphrase)
        #expect(opened.current.material == created.current.material)
        #expect(opened.current.version == 1)
        #expect(opened.current.material.count == 32)

        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let file = try JSONDecoder().decode(KeyStoreFile.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(file.kek.kdf == "scrypt")
        #expect(file.kek.n == 1 << 17)
        #expect(file.kek.r == 8)
        #expect(file.kek.p == 1)
        // Key bytes never appear in the file.
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let keyHex = created.current.material.withUnsafeBytes { $0.map { String(format: "%02x", $0) }.joined() }
        let keyBase64 = created.current.material.withUnsafeBytes { Data($0).base64EncodedString() }
        #expect(!text.contains(keyHex))
        #expect(!text.contains(keyBase64))
    }

    @Test("a wrong passphrase and a tampered file give the same generic key-store error (exit 77)")
    func wrongPassphraseAndTampering() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("keys")
        try KeyStore.create(at: path, passphrase: passphrase)

        let wrong = SecureBytes(Array("not the passphrase".utf8))
        let wrongError = #expect(throws: VeilError.self) { try KeyStore.open(at: path, passphrase: wrong) }
        #expect(wrongError?.code == .keyStore)
        #expect(wrongError?.code.exitCode == 77)
        #expect(wrongError?.message.contains("not the passphrase") == false)

        // Re-bind the wrapped key to another version: the AAD no longer matches.
        var file = try JSONDecoder().decode(KeyStoreFile.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        file.keys[0].version = 2
        file.currentVersion = 2
        try SecureFile.writeAtomically(Array(try JSONEncoder().encode(file)), to: path)
        let tamperedError = #expect(throws: VeilError.self) { try KeyStore.open(at: path, passphrase: passphrase) }
        #expect(tamperedError?.message == wrongError?.message)
    }

    @Test("a store readable by group or others is refused; a missing one says so; none is overwritten")
    func permissionsMissingAndOverwrite() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("keys")
        let missing = #expect(throws: VeilError.self) { try KeyStore.open(at: path, passphrase: passphrase) }
        #expect(missing?.code == .keyStore)
        #expect(missing?.message.contains("not found") == true)

        try KeyStore.create(at: path, passphrase: passphrase)
        let overwrite = #expect(throws: VeilError.self) { try KeyStore.create(at: path, passphrase: passphrase) }
        #expect(overwrite?.code == .keyStore)

        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        let exposed = #expect(throws: VeilError.self) { try KeyStore.open(at: path, passphrase: passphrase) }
        #expect(exposed?.code == .keyStore)
        #expect(exposed?.message.contains("chmod 600") == true)
    }

    @Test("weak scrypt parameters and short passphrases are refused")
    func weakParameters() throws {
        let directory = TemporaryDirectory()
        let weak = #expect(throws: VeilError.self) {
            try KeyStore.create(
                at: directory.file("weak"), passphrase: passphrase, parameters: .init(n: 1 << 10, r: 8, p: 1))
        }
        #expect(weak?.code == .keyStore)
        let short = #expect(throws: VeilError.self) {
            try KeyStore.create(at: directory.file("short"), passphrase: SecureBytes(Array("abc".utf8)))
        }
        #expect(short?.code == .keyStore)
        #expect(!FileManager.default.fileExists(atPath: directory.file("weak")))
    }
}
