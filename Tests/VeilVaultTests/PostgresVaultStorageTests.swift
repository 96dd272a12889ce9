import Foundation
import PostgresDriver
import SQLiteDriver
import Testing
import VeilCore
import VeilCrypto
import VeilTestSupport

@testable import VeilVault

/// The token vault on a real PostgreSQL server, each test in a fresh database: format, convergence, reversal,
/// concurrent writers on two connections, tampering, key-store binding, backup to SQLite and connection failures.
@Suite("PostgreSQL vault storage", .enabled(if: TestPostgres.isAvailable))
struct PostgresVaultStorageTests {
    /// A fresh database and a key store in a fresh directory; `drop()` removes the database.
    final class Setup: @unchecked Sendable {
        let database: String
        let url: String
        let directory = TemporaryDirectory("veil-pgvault")
        let keys: KeyStore

        init() throws {
            database = try TestPostgres.createDatabase(prefix: "veil_pgvault")
            url = TestPostgres.url(database: database)
            keys = try KeyStore.create(at: directory.file("keys"), secret: TokenVaultTests.secret)
        }

        func vault(keys: KeyStore? = nil) throws -> TokenVault {
            try TokenVault(storage: try PostgresVaultStorage(conninfo: url), keys: keys ?? self.keys)
        }

        func drop() { TestPostgres.dropDatabase(database) }
    }

    @Test("tokens keep the format, converge across connections and reverse; forget erases")
    func roundTrip() throws {
        let setup = try Setup()
        defer { setup.drop() }
        let vault = try setup.vault()
        let values = (0..<600).map { index -> String in
            switch index % 3 {
            case 0: "customer-\(index)@mail.example.org"
            case 1: "+1 (555) \(100 + index)-\(1000 + index) ü"
            default: "AB\(index)xy"
            }
        }
        let tokens = try vault.tokens(for: values, domain: "person.email")
        for (value, token) in zip(values, tokens) {
            #expect(TokenVaultTests.shape(token) == TokenVaultTests.shape(value))
            #expect(token != value)
        }
        #expect(Set(tokens).count == values.count)
        #expect(try vault.tokens(for: values, domain: "person.email") == tokens)
        let other = try setup.vault()
        #expect(try other.tokens(for: values.reversed(), domain: "person.email") == tokens.reversed())
        for (value, token) in zip(values, tokens) {
            #expect(try other.original(of: token, domain: "person.email") == value)
        }
        #expect(try other.original(of: tokens[0], domain: "elsewhere") == nil)
        #expect(try other.original(of: "zzzz-not-a-token", domain: "person.email") == nil)

        #expect(try vault.forget([values[0], "never-seen@example.com"], domain: "person.email") == 1)
        #expect(try other.original(of: tokens[0], domain: "person.email") == nil)
        #expect(try other.original(of: tokens[1], domain: "person.email") == values[1])
        #expect(try vault.tokens(for: [values[0]], domain: "person.email")[0] != tokens[0])
    }

    @Test("insert tells an existing fingerprint from a taken token, like SQLite")
    func insertOutcomes() throws {
        let setup = try Setup()
        defer { setup.drop() }
        let storage = try PostgresVaultStorage(conninfo: setup.url)
        let entry = VaultEntry(domain: "d", token: "t1", fingerprint: [1, 2], keyVersion: 3, ciphertext: [0, 255, 9])
        #expect(try storage.insert(entry) == .inserted)
        var sameValue = entry
        sameValue.token = "t2"
        #expect(try storage.insert(sameValue) == .fingerprintExists(token: "t1"))
        var sameToken = entry
        sameToken.fingerprint = [7]
        #expect(try storage.insert(sameToken) == .tokenTaken)
        var otherDomain = entry
        otherDomain.domain = "e"
        #expect(try storage.insert(otherDomain) == .inserted)
        #expect(try storage.entry(domain: "d", token: "t1") == entry)
        #expect(try storage.token(domain: "d", fingerprint: [1, 2]) == "t1")
        #expect(try storage.token(domain: "d", fingerprint: [7]) == nil)
    }

    @Test("8 threads on two vault connections: every value gets exactly one token")
    func concurrentWriters() throws {
        let setup = try Setup()
        defer { setup.drop() }
        let first = try setup.vault()
        let second = try setup.vault()
        let values = (0..<400).map { "shared-\($0)@example.com" }
        let results = ResultsBox()
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            let vault = worker % 2 == 0 ? first : second
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
        let rows = try TestPostgres.psql(database: setup.database, "SELECT count(*) FROM veil_tokens")
        #expect(rows == "\(values.count)")
    }

    @Test("8 connections creating a new vault (in its own schema) at once all succeed")
    func concurrentCreation() throws {
        let setup = try Setup()
        defer { setup.drop() }
        let results = ResultsBox()
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            do {
                _ = try PostgresVaultStorage(conninfo: setup.url, schema: "vault space")
            } catch {
                results.fail("\(error)")
            }
        }
        #expect(results.failures.isEmpty, "\(results.failures)")
        let tables = try TestPostgres.psql(
            database: setup.database,
            "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'vault space'")
        #expect(tables == "veil_login_failures,veil_staff,veil_staff_requests,veil_staff_usage,veil_tokens,veil_vault")
    }

    @Test("a changed ciphertext fails to decrypt (typed error, no value in the message)")
    func tampering() throws {
        let setup = try Setup()
        defer { setup.drop() }
        let tokens = try setup.vault().tokens(for: ["alice@example.com", "bob@example.com"], domain: "d")
        let plain = try PostgresConnection(conninfo: setup.url)
        try plain.execute(
            "UPDATE veil_tokens SET ciphertext = set_byte(ciphertext, 20, get_byte(ciphertext, 20) # 1) "
                + "WHERE token = $1",
            parameters: [tokens[0]])
        let error = #expect(throws: VaultError.self) { try setup.vault().original(of: tokens[0], domain: "d") }
        #expect(error?.kind == .tampered)
        #expect(error?.message.contains("alice") == false)
        #expect(try setup.vault().original(of: tokens[1], domain: "d") == "bob@example.com")
    }

    @Test("a vault refuses another key store")
    func otherKeyStore() throws {
        let setup = try Setup()
        defer { setup.drop() }
        _ = try setup.vault().tokens(for: ["x1"], domain: "d")
        let other = try KeyStore.create(
            at: setup.directory.file("other-keys"), secret: .key(SecureBytes(Array(repeating: 3, count: 32))))
        let error = #expect(throws: VaultError.self) { try setup.vault(keys: other) }
        #expect(error?.kind == .otherKeyStore)
        let token = try setup.vault().tokens(for: ["x1"], domain: "d")[0]
        #expect(try setup.vault().original(of: token, domain: "d") == "x1")
    }

    @Test("a backup is a 0600 SQLite vault, still encrypted, that reverses the same tokens")
    func backup() throws {
        let setup = try Setup()
        defer { setup.drop() }
        let vault = try setup.vault()
        let values = (0..<6_000).map { "backup-\($0)@example.com" }
        let tokens = try vault.tokens(for: values, domain: "d")
        let copy = setup.directory.file("backup.sqlite")
        try vault.backup(to: copy)

        let mode = (try FileManager.default.attributesOfItem(atPath: copy)[.posixPermissions] as? NSNumber)?.intValue
        #expect(mode == 0o600)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: setup.directory.path)
        #expect(Set(leftovers) == ["keys", "backup.sqlite"])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: copy))
        #expect(bytes.range(of: Data("backup-7@example.com".utf8)) == nil)

        let storage = try SQLiteVaultStorage(path: copy)
        #expect(try storage.binding() == PostgresVaultStorage(conninfo: setup.url).binding())
        let restored = try TokenVault(storage: storage, keys: setup.keys)
        for index in stride(from: 0, to: values.count, by: 97) {
            #expect(try restored.original(of: tokens[index], domain: "d") == values[index])
        }
        let counted = try SQLiteConnection(path: copy).prepare("SELECT count(*) FROM veil_tokens")
        #expect(try counted.step()?.int64(at: 0) == Int64(values.count))
    }

    @Test("a backup that cannot be published leaves no temporary file behind")
    func failedBackup() throws {
        let setup = try Setup()
        defer { setup.drop() }
        let vault = try setup.vault()
        _ = try vault.tokens(for: (0..<50).map { "a\($0)" }, domain: "d")
        // A non-empty directory where the backup should go: the copy is made, the rename fails.
        let target = setup.directory.file("backup.sqlite")
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        _ = try setup.directory.file("backup.sqlite/keep", "x")
        let error = #expect(throws: VaultError.self) { try vault.backup(to: target) }
        #expect(error?.kind == .storage)
        let entries = try FileManager.default.contentsOfDirectory(atPath: setup.directory.path)
        #expect(Set(entries) == ["keys", "backup.sqlite"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: target) == ["keep"])
    }

    @Test("a wrong password or an unreachable server is a storage error that never shows the password")
    func connectionFailures() throws {
        let user = "veil_pgvault_\(getpid())"
        try TestPostgres.psql(
            database: "postgres",
            """
            DO $$ BEGIN CREATE ROLE veil_password_users NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
            DO $$ BEGIN CREATE ROLE \(user) LOGIN PASSWORD 'the-right-one' IN ROLE veil_password_users;
            EXCEPTION WHEN duplicate_object THEN NULL; END $$;
            """)
        defer { _ = try? TestPostgres.psql(database: "postgres", "DROP ROLE IF EXISTS \(user)") }
        let secret = "not-the-password-\(UUID().uuidString.prefix(6))"
        let wrong = TestPostgres.url(database: "postgres")
            .replacingOccurrences(of: "://postgres@", with: "://\(user):\(secret)@")
        try #require(wrong.contains(secret))
        let refused = #expect(throws: VaultError.self) { try VaultStorageFactory.open(location: wrong) }
        #expect(refused?.kind == .storage)
        #expect(refused?.message.contains("password authentication failed") == true, "\(refused?.message ?? "")")
        #expect(refused?.message.contains(secret) == false)

        let unreachable = "postgresql://someone:\(secret)@127.0.0.1:1/vault?connect_timeout=5"
        let down = #expect(throws: VaultError.self) { try VaultStorageFactory.open(location: unreachable) }
        #expect(down?.kind == .storage)
        #expect(down?.message.contains("127.0.0.1:1/vault") == true, "\(down?.message ?? "")")
        #expect(down?.message.contains(secret) == false)
        #expect(down?.message.contains("someone") == false)
        #expect(down?.veilError.code == .keyStore)
    }

    @Test("the factory opens a PostgreSQL URL as a PostgreSQL vault")
    func factory() throws {
        let setup = try Setup()
        defer { setup.drop() }
        #expect(try VaultStorageFactory.open(location: setup.url) is PostgresVaultStorage)
        let upper = setup.url.replacingOccurrences(of: "postgresql://", with: "PostgreSQL://")
        #expect(try VaultStorageFactory.open(location: upper) is PostgresVaultStorage)
    }
}
