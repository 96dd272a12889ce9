import Foundation
import Testing
import VeilCore
import VeilCrypto
import VeilTestSupport

@testable import VeilVault

/// A key store edited by someone who can write its file but does not know its secret: a downgrade to the old
/// format without a MAC, an edited minimum decryption version, any other damage — all refused with the one
/// generic message a wrong secret gives. Also: every write raises the generation, and a write whose
/// `beforeCommit` step fails leaves the file as it was.
@Suite("Key store downgrade and damage")
struct KeyStoreDowngradeTests {
    static let secret = KeySecret.key(SecureBytes((0..<32).map { UInt8($0) }))
    static let otherSecret = KeySecret.key(SecureBytes((0..<32).map { UInt8(255 - $0) }))

    /// A rotated and retired store (v1 retired) and the message a wrong secret gives for it.
    struct Retired {
        let directory = TemporaryDirectory()
        var path: String { directory.file("keys") }
        let genericMessage: String

        init() throws {
            let path = directory.file("keys")
            try KeyStore.create(at: path, secret: KeyStoreDowngradeTests.secret).rotated().retiring(below: 2)
            let wrong = #expect(throws: VeilError.self) {
                try KeyStore.open(at: path, secret: KeyStoreDowngradeTests.otherSecret)
            }
            genericMessage = try #require(wrong?.message)
        }

        /// The store's JSON as an object, edited by `edit`, written back with the store's own formatting.
        func edit(_ edit: (inout [String: Any]) -> Void) throws {
            var object = try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
            edit(&object)
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
            try SecureFile.writeAtomically(Array(data), to: path)
        }

        /// Opens the store and expects the generic refusal.
        func expectRefused(_ comment: Comment) {
            let error = #expect(throws: VeilError.self, comment) {
                try KeyStore.open(at: path, secret: KeyStoreDowngradeTests.secret)
            }
            #expect(error?.code == .keyStore, comment)
            #expect(error?.message == genericMessage, comment)
        }
    }

    @Test("format version set back to 1 with the MAC removed: refused, with the generic message")
    func downgradeToFormatOne() throws {
        let store = try Retired()
        try store.edit { object in
            object["formatVersion"] = 1
            object.removeValue(forKey: "mac")
        }
        store.expectRefused("downgraded to format 1")
    }

    @Test("downgraded and the minimum decryption version removed or lowered: refused, retired keys stay retired")
    func downgradeAndUnretire() throws {
        for edit in [
            { (object: inout [String: Any]) in object.removeValue(forKey: "minimumDecryptionVersion") },
            { (object: inout [String: Any]) in object["minimumDecryptionVersion"] = 1 },
        ] {
            let store = try Retired()
            try store.edit { object in
                object["formatVersion"] = 1
                object.removeValue(forKey: "mac")
                edit(&object)
            }
            store.expectRefused("downgraded and un-retired")
        }
        // In the current format, the same edit breaks the MAC.
        let store = try Retired()
        try store.edit { $0["minimumDecryptionVersion"] = 1 }
        store.expectRefused("minimum version edited under a MAC")
    }

    @Test("every kind of damage gives the same message as a wrong secret")
    func oneMessage() throws {
        let edits: [(String, (inout [String: Any]) -> Void)] = [
            ("another format name", { $0["format"] = "something-else" }),
            ("a future format version", { $0["formatVersion"] = 3 }),
            ("MAC removed", { $0.removeValue(forKey: "mac") }),
            ("MAC emptied", { $0["mac"] = "" }),
            (
                "KEK kind flipped",
                { $0["kek"] = ["kind": "passphrase", "kdf": "scrypt", "n": 131072, "r": 8, "p": 1, "salt": "AAAA"] }
            ),
            ("generation lowered", { $0["generation"] = 0 }),
            ("keys removed", { $0["keys"] = [] }),
        ]
        for (name, edit) in edits {
            let store = try Retired()
            try store.edit(edit)
            store.expectRefused(Comment(rawValue: name))
        }
        for bytes in [Array("not json".utf8), [], Array("{}".utf8)] {
            let store = try Retired()
            try SecureFile.writeAtomically(bytes, to: store.path)
            store.expectRefused("unparsable file")
        }
    }

    @Test("a passphrase store whose scrypt parameters were lowered or raised absurdly: the generic message, at once")
    func scryptParameters() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("keys")
        let passphrase = KeySecret.passphrase(SecureBytes(Array("a long enough passphrase".utf8)))
        try KeyStore.create(at: path, secret: passphrase)
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        let wrong = #expect(throws: VeilError.self) {
            try KeyStore.open(at: path, secret: .passphrase(SecureBytes(Array("another passphrase".utf8))))
        }
        for n in [1 << 10, 1 << 40] {
            let text = String(decoding: original, as: UTF8.self).replacingOccurrences(
                of: "\"n\" : 131072", with: "\"n\" : \(n)")
            #expect(text != String(decoding: original, as: UTF8.self))
            try SecureFile.writeAtomically(Array(text.utf8), to: path)
            let started = Date()
            let error = #expect(throws: VeilError.self) { try KeyStore.open(at: path, secret: passphrase) }
            #expect(error?.message == wrong?.message, "n = \(n)")
            #expect(Date().timeIntervalSince(started) < 5, "n = \(n) must be refused before deriving")
        }
    }

    @Test("generation: create 1, then +1 per rotate, retire and rewrap; a failing beforeCommit changes nothing")
    func generationAndBeforeCommit() throws {
        struct Refused: Error {}
        let directory = TemporaryDirectory()
        let path = directory.file("keys")
        var seen: [Int] = []
        let created = try KeyStore.create(at: path, secret: Self.secret) { seen.append($0.generation) }
        let rotated = try created.rotated { seen.append($0.generation) }
        let retired = try rotated.retiring(below: 2) { seen.append($0.generation) }
        let rewrapped = try retired.rewrapped(with: Self.otherSecret) { seen.append($0.generation) }
        #expect(seen == [1, 2, 3, 4])
        #expect([created, rotated, retired, rewrapped].map(\.generation) == [1, 2, 3, 4])
        #expect(try KeyStore.open(at: path, secret: Self.otherSecret).generation == 4)

        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(throws: Refused.self) { try rewrapped.rotated { _ in throw Refused() } }
        #expect(throws: Refused.self) { try rewrapped.retiring(below: 2) { _ in throw Refused() } }
        #expect(throws: Refused.self) { try rewrapped.rewrapped(with: Self.secret) { _ in throw Refused() } }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["keys"])
        #expect(throws: Refused.self) {
            try KeyStore.create(at: directory.file("new"), secret: Self.secret) { _ in throw Refused() }
        }
        #expect(!FileManager.default.fileExists(atPath: directory.file("new")))
    }
}
