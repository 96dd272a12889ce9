import Testing
import VeilTestSupport

@testable import VeilVault

/// Which storage a vault location selects (the PostgreSQL side is in ``PostgresVaultStorageTests``).
@Suite("Vault storage factory")
struct VaultStorageFactoryTests {
    @Test("URLs with a postgres scheme are PostgreSQL; everything else is a SQLite path")
    func classification() {
        #expect(VaultStorageFactory.isPostgreSQL("postgresql://u@h/db"))
        #expect(VaultStorageFactory.isPostgreSQL("postgres://h/db"))
        #expect(VaultStorageFactory.isPostgreSQL("POSTGRES://h/db"))
        #expect(!VaultStorageFactory.isPostgreSQL(".veil/vault.sqlite"))
        #expect(!VaultStorageFactory.isPostgreSQL("/var/lib/postgresql/vault.sqlite"))
        #expect(!VaultStorageFactory.isPostgreSQL("host=db dbname=vault"))
    }

    @Test("a path opens a SQLite vault file")
    func sqlitePath() throws {
        let directory = TemporaryDirectory("veil-vault-factory")
        let storage = try VaultStorageFactory.open(location: directory.file("sub/vault.sqlite"))
        #expect(storage is SQLiteVaultStorage)
        try storage.setBinding("b")
        #expect(try SQLiteVaultStorage(path: directory.file("sub/vault.sqlite")).binding() == "b")
    }
}
