import Foundation
import SQLiteDriver
import Testing
import VeilCore
import VeilCrypto
import VeilTestSupport

@testable import VeilVault

/// The token vault on real SQLite files: format, convergence, uniqueness, reversal, tampering, rotation,
/// erasure, backup and concurrent writers.
@Suite("Token vault")
struct TokenVaultTests {
    static let secret = KeySecret.key(SecureBytes((0..<32).map { UInt8($0 ^ 0x5C) }))

    /// A vault and its key store in a fresh directory.
    final class Setup: @unchecked Sendable {
        let directory = TemporaryDirectory("veil-vault")
        let keys: KeyStore
        let vault: TokenVault
        var vaultPath: String { directory.file("vault.sqlite") }

        init() throws {
            keys = try KeyStore.create(at: directory.file("keys"), secret: TokenVaultTests.secret)
            vault = try TokenVault(storage: try SQLiteVaultStorage(path: directory.file("vault.sqlite")), keys: keys)
        }

        func reopen(keys: KeyStore? = nil) throws -> TokenVault {
            try TokenVault(storage: try SQLiteVaultStorage(path: vaultPath), keys: keys ?? self.keys)
        }
    }

    static func shape(_ text: String) -> [String] {
        text.unicodeScalars.map { scalar in
            switch scalar {
            case "0"..."9": "d"
            case "a"..."z": "l"
            case "A"..."Z": "u"
            default: String(scalar)
            }
        }
    }

    @Test("tokens keep each value's format and never equal it; the same value gets the same token")
    func formatAndConvergence() throws {
        let setup = try Setup()
        var random = SystemRandomNumberGenerator()
        let values = (0..<2000).map { index -> String in
            switch index % 4 {
            case 0: "user\(index).name@Example.com"
            case 1: "4111-\(1000 + index % 9000)-\(random.next() % 10000)-0004"
            case 2: "+1 (555) \(100 + index % 900)-\(1000 + index % 9000) ext. ü\(index)"
            default: "AB\(index)xy"
            }
        }
        let tokens = try setup.vault.tokens(for: values, domain: "person.email")
        for (value, token) in zip(values, tokens) {
            #expect(Self.shape(token) == Self.shape(value))
            #expect(token != value)
        }
        #expect(try setup.vault.tokens(for: values, domain: "person.email") == tokens)
        #expect(try setup.reopen().tokens(for: Array(values.reversed()), domain: "person.email") == tokens.reversed())
        #expect(Set(tokens).count == Set(values).count)
        // Another domain: independent tokens.
        let elsewhere = try setup.vault.tokens(for: Array(values.prefix(200)), domain: "other.domain")
        #expect(zip(elsewhere, tokens.prefix(200)).filter { $0 == $1 }.isEmpty)
    }

    @Test("every token reverses to its value; unknown tokens give nil")
    func roundTrip() throws {
        let setup = try Setup()
        let values = (0..<500).map { "customer-\($0)@mail.example.org" }
        let tokens = try setup.vault.tokens(for: values, domain: "d")
        for (value, token) in zip(values, tokens) {
            #expect(try setup.vault.original(of: token, domain: "d") == value)
        }
        #expect(try setup.vault.original(of: tokens[0], domain: "another") == nil)
        #expect(try setup.vault.original(of: "zzzz-not-a-token", domain: "d") == nil)
    }

    @Test("a changed ciphertext, or one moved onto another token, fails to decrypt (typed error)")
    func tampering() throws {
        let setup = try Setup()
        let tokens = try setup.vault.tokens(for: ["alice@example.com", "bob@example.com"], domain: "d")
        let database = try SQLiteConnection(path: setup.vaultPath)
        let read = try database.prepare("SELECT ciphertext FROM veil_tokens WHERE token = ?")
        try read.bind(text: tokens[0], at: 1)
        let ciphertext = try #require(try read.step()).blob(at: 0)
        try read.reset()
        for index in [0, ciphertext.count / 2, ciphertext.count - 1] {
            var flipped = ciphertext
            flipped[index] ^= 0x01
            let write = try database.prepare("UPDATE veil_tokens SET ciphertext = ? WHERE token = ?")
            try write.bind(blob: flipped, at: 1)
            try write.bind(text: tokens[0], at: 2)
            try write.run()
            let error = #expect(throws: VaultError.self) { try setup.reopen().original(of: tokens[0], domain: "d") }
            #expect(error?.kind == .tampered)
            #expect(error?.veilError.code == .keyStore)
        }
        // Alice's (intact) ciphertext moved onto Bob's token.
        let move = try database.prepare("UPDATE veil_tokens SET ciphertext = ? WHERE token = ?")
        try move.bind(blob: ciphertext, at: 1)
        try move.bind(text: tokens[1], at: 2)
        try move.run()
        let moved = #expect(throws: VaultError.self) { try setup.reopen().original(of: tokens[1], domain: "d") }
        #expect(moved?.kind == .tampered)
        #expect(moved?.message.contains("alice") == false)
    }

    @Test("a vault refuses another key store")
    func otherKeyStore() throws {
        let setup = try Setup()
        _ = try setup.vault.tokens(for: ["x1"], domain: "d")
        let other = try KeyStore.create(
            at: setup.directory.file("other-keys"), secret: .key(SecureBytes(Array(repeating: 3, count: 32))))
        let error = #expect(throws: VaultError.self) { try setup.reopen(keys: other) }
        #expect(error?.kind == .otherKeyStore)
    }

    @Test("after a rotation old tokens still reverse, new ones use the new version; retiring refuses the old")
    func rotation() throws {
        let setup = try Setup()
        let old = try setup.vault.tokens(for: ["old-value-1"], domain: "d")[0]
        let rotated = try setup.keys.rotated()
        let vault = try setup.reopen(keys: rotated)
        #expect(try vault.tokens(for: ["old-value-1"], domain: "d")[0] == old)
        let new = try vault.tokens(for: ["new-value-2"], domain: "d")[0]
        #expect(try vault.original(of: old, domain: "d") == "old-value-1")
        #expect(try vault.original(of: new, domain: "d") == "new-value-2")
        let versions = try SQLiteVaultStorage(path: setup.vaultPath)
        #expect(try versions.entry(domain: "d", token: old)?.keyVersion == 1)
        #expect(try versions.entry(domain: "d", token: new)?.keyVersion == 2)
        let retired = try setup.reopen(keys: rotated.retiring(below: 2))
        let refused = #expect(throws: VeilError.self) { try retired.original(of: old, domain: "d") }
        #expect(refused?.message.contains("retired") == true)
        #expect(try retired.original(of: new, domain: "d") == "new-value-2")
    }

    @Test("forget deletes the mappings: the old token no longer reverses, the value gets a new token")
    func forget() throws {
        let setup = try Setup()
        let tokens = try setup.vault.tokens(for: ["erase-me@example.com", "keep-me@example.com"], domain: "d")
        #expect(try setup.vault.forget(["erase-me@example.com", "never-seen@example.com"], domain: "d") == 1)
        #expect(try setup.vault.original(of: tokens[0], domain: "d") == nil)
        #expect(try setup.vault.original(of: tokens[1], domain: "d") == "keep-me@example.com")
        #expect(try setup.vault.tokens(for: ["erase-me@example.com"], domain: "d")[0] != tokens[0])
    }

    @Test("a backup is a consistent, still encrypted, 0600 copy that reverses the same tokens")
    func backup() throws {
        let setup = try Setup()
        let values = (0..<300).map { "backup-\($0)@example.com" }
        let tokens = try setup.vault.tokens(for: values, domain: "d")
        let copy = setup.directory.file("backup.sqlite")
        try setup.vault.backup(to: copy)
        let mode = (try FileManager.default.attributesOfItem(atPath: copy)[.posixPermissions] as? NSNumber)?.intValue
        #expect(mode == 0o600)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: copy))
        #expect(bytes.range(of: Data("backup-7@example.com".utf8)) == nil)
        let restored = try TokenVault(storage: try SQLiteVaultStorage(path: copy), keys: setup.keys)
        for (value, token) in zip(values, tokens).prefix(50) {
            #expect(try restored.original(of: token, domain: "d") == value)
        }
    }

    @Test("tiny formats run out clearly; a value with nothing to tokenize is refused")
    func exhaustedFormats() throws {
        let setup = try Setup()
        // Every one-digit token but "0" is taken: "0" may not become itself, so nothing is left for it.
        let storage = try SQLiteVaultStorage(path: setup.vaultPath)
        for digit in 1...9 {
            let entry = VaultEntry(
                domain: "digits", token: String(digit), fingerprint: [UInt8(digit)], keyVersion: 1, ciphertext: [0])
            #expect(try storage.insert(entry) == .inserted)
        }
        let exhausted = #expect(throws: VaultError.self) { try setup.vault.tokens(for: ["0"], domain: "digits") }
        #expect(exhausted?.kind == .formatExhausted)
        #expect(exhausted?.message.contains("digits") == true)
        let nothing = #expect(throws: VaultError.self) { try setup.vault.tokens(for: ["--"], domain: "d") }
        #expect(nothing?.kind == .formatExhausted)
        #expect(nothing?.veilError.code == .source)
    }

    @Test("8 threads on two vault connections: every value gets exactly one token")
    func concurrentWriters() throws {
        let setup = try Setup()
        let second = try setup.reopen()
        let values = (0..<400).map { "shared-\($0)@example.com" }
        let results = ResultsBox()
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            let vault = worker % 2 == 0 ? setup.vault : second
            let order = worker % 3 == 0 ? values.reversed() : values
            do {
                let tokens = try vault.tokens(for: Array(order), domain: "d")
                results.add(Dictionary(uniqueKeysWithValues: zip(order, tokens)))
            } catch {
                results.fail("\(error)")
            }
        }
        #expect(results.failures.isEmpty, "\(results.failures)")
        #expect(results.maps.count == 8)
        for map in results.maps { #expect(map == results.maps[0]) }
        #expect(Set(results.maps[0].values).count == values.count)
    }
}

final class ResultsBox: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var maps: [[String: String]] = []
    private(set) var failures: [String] = []
    func add(_ map: [String: String]) { lock.withLock { maps.append(map) } }
    func fail(_ message: String) { lock.withLock { failures.append(message) } }
}
