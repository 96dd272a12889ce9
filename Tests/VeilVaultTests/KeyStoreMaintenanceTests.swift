import Foundation
import Testing
import VeilCore
import VeilCrypto
import VeilTestSupport

@testable import VeilVault

/// Key-encryption keys from a command, rotation, rewrap, retirement, and the file's integrity. Stores under a
/// command key open without scrypt, so the byte-flipping test can open a store a thousand times.
@Suite("Key store maintenance")
struct KeyStoreMaintenanceTests {
    static let commandKey = KeySecret.key(SecureBytes((0..<32).map { UInt8($0) }))
    static let otherKey = KeySecret.key(SecureBytes((0..<32).map { UInt8(255 - $0) }))

    @Test("a key command's output: 64 hex digits or base64 of 32 bytes; anything else refused without echo")
    func commandOutput() throws {
        let bytes = (0..<32).map { UInt8($0 * 7 % 256) }
        let hex = bytes.map { String(format: "%02X", $0) }.joined()
        guard case .key(let fromHex) = try KeySecret.commandKey(fromOutput: Array("  \(hex)\n".utf8)),
            case .key(let fromBase64) = try KeySecret.commandKey(
                fromOutput: Array((Data(bytes).base64EncodedString() + "\r\n").utf8))
        else {
            Issue.record("a command key must give .key")
            return
        }
        #expect(fromHex == SecureBytes(bytes))
        #expect(fromBase64 == SecureBytes(bytes))
        for bad in ["abc", String(hex.dropLast(2)), hex + "00", String(repeating: "zz", count: 32), "c2VjcmV0"] {
            let error = #expect(throws: VeilError.self) { try KeySecret.commandKey(fromOutput: Array(bad.utf8)) }
            #expect(error?.code == .keyStore)
            #expect(error?.message.contains(bad) == false)
        }
    }

    @Test("a store under a command key opens with it; another key or a passphrase gets the one generic refusal")
    func commandKeyStore() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("keys")
        let created = try KeyStore.create(at: path, secret: Self.commandKey)
        let opened = try KeyStore.open(at: path, secret: Self.commandKey)
        #expect(opened.current.material == created.current.material)
        #expect(Set(opened.purposeKeys.map(\.purpose)) == ["audit", "fingerprint", "access", "manifest"])
        let wrong = #expect(throws: VeilError.self) { try KeyStore.open(at: path, secret: Self.otherKey) }
        #expect(wrong?.code == .keyStore)
        #expect(wrong?.message.contains("locked") == true)
        let passphrase = #expect(throws: VeilError.self) {
            try KeyStore.open(at: path, secret: .passphrase(SecureBytes(Array("a passphrase".utf8))))
        }
        #expect(passphrase?.message == wrong?.message)
    }

    @Test("rotate: a new current version, old versions still decrypt, purpose keys unchanged")
    func rotate() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("keys")
        let first = try KeyStore.create(at: path, secret: Self.commandKey)
        let second = try first.rotated()
        let third = try KeyStore.open(at: path, secret: Self.commandKey).rotated()
        let reopened = try KeyStore.open(at: path, secret: Self.commandKey)
        #expect(second.currentVersion == 2)
        #expect(third.currentVersion == 3)
        #expect(reopened.dataKeys.map(\.version) == [1, 2, 3])
        #expect(reopened.current.material != first.current.material)
        #expect(try reopened.decryptionKey(version: 1).material == first.current.material)
        #expect(try reopened.decryptionKey(version: 2).material == second.current.material)
        #expect(reopened.key(for: .audit)?.material == first.key(for: .audit)?.material)
        #expect(reopened.key(for: .fingerprint)?.material == first.key(for: .fingerprint)?.material)
        #expect(throws: VeilError.self) { try reopened.decryptionKey(version: 4) }
    }

    @Test("rewrap: the new secret opens the same keys, the old one no longer does")
    func rewrap() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("keys")
        let original = try KeyStore.create(at: path, secret: Self.commandKey).rotated()
        let passphrase = KeySecret.passphrase(SecureBytes(Array("a brand new passphrase".utf8)))
        _ = try original.rewrapped(with: passphrase)
        let reopened = try KeyStore.open(at: path, secret: passphrase)
        #expect(reopened.dataKeys.map(\.material) == original.dataKeys.map(\.material))
        #expect(reopened.purposeKeys.map(\.material) == original.purposeKeys.map(\.material))
        #expect(reopened.currentVersion == 2)
        #expect(throws: VeilError.self) { try KeyStore.open(at: path, secret: Self.commandKey) }
        _ = try reopened.rewrapped(with: Self.otherKey)
        #expect(try KeyStore.open(at: path, secret: Self.otherKey).current.material == original.current.material)
    }

    @Test("retire: versions below the minimum refuse to decrypt, clearly; masking keeps the current one")
    func retire() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("keys")
        let store = try KeyStore.create(at: path, secret: Self.commandKey).rotated()
        let retired = try store.retiring(below: 2)
        let reopened = try KeyStore.open(at: path, secret: Self.commandKey)
        #expect(reopened.minimumDecryptionVersion == 2)
        let refused = #expect(throws: VeilError.self) { try reopened.decryptionKey(version: 1) }
        #expect(refused?.message.contains("retired") == true)
        #expect(try reopened.decryptionKey(version: 2).material == retired.current.material)
        let tooHigh = #expect(throws: VeilError.self) { try reopened.retiring(below: 3) }
        #expect(tooHigh?.code == .usage)
    }

    @Test("flipping any single byte of the store file makes it refuse to open, always with the same message")
    func everyByteIsProtected() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("keys")
        try KeyStore.create(at: path, secret: Self.commandKey).rotated()
        let original = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(original.count > 500)
        let generic = #expect(throws: VeilError.self) { try KeyStore.open(at: path, secret: Self.otherKey) }?.message
        var opened: [Int] = []
        var otherMessages: Set<String> = []
        for index in original.indices {
            for flip: UInt8 in [0x01, 0x80] {
                var bytes = original
                bytes[index] ^= flip
                try SecureFile.writeAtomically(bytes, to: path)
                do {
                    _ = try KeyStore.open(at: path, secret: Self.commandKey)
                    opened.append(index)
                } catch let error as VeilError {
                    #expect(error.code == .keyStore)
                    if error.message != generic { otherMessages.insert(error.message) }
                }
            }
        }
        #expect(opened.isEmpty, "opened after flipping bytes at \(opened)")
        #expect(otherMessages.isEmpty, "messages other than the generic one: \(otherMessages.sorted())")
        try SecureFile.writeAtomically(original, to: path)
        #expect(try KeyStore.open(at: path, secret: Self.commandKey).currentVersion == 2)
    }

    @Test("a format 1 store (no MAC) is refused like a damaged one, whatever it holds")
    func legacyStoreRefused() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("keys")
        try KeyStore.create(at: path, secret: Self.commandKey)
        let generic = #expect(throws: VeilError.self) { try KeyStore.open(at: path, secret: Self.otherKey) }?.message
        var file = try KeyStoreFile.read(path).file
        file.formatVersion = 1
        file.mac = nil
        file.keys.removeAll { $0.purpose != "data" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try SecureFile.writeAtomically(Array(try encoder.encode(file)), to: path)
        let refused = #expect(throws: VeilError.self) { try KeyStore.open(at: path, secret: Self.commandKey) }
        #expect(refused?.code == .keyStore)
        #expect(refused?.message == generic)
    }
}
