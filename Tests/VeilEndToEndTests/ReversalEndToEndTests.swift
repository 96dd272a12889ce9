import Foundation
import Testing
import VeilCrypto
import VeilPipeline
import VeilTestSupport
import VeilVault

/// `fpe` and `card` tokens reverse through the rule a run recorded in the vault, with the key version that made
/// them: after a rotation, old tokens still reverse with the old version and new ones with the new.
@Suite("Format token reversal end to end")
struct ReversalEndToEndTests {
    static let dump = PackagePaths.fixture("shop/prod.sql")

    @Test("ssn (fpe) and card tokens reverse to their originals, per key version, across a rotation")
    func reverseAcrossRotation() throws {
        let scenario = Scenario()
        let profile = try scenario.writeProfile(
            base: "shop.yaml", source: Self.dump, extra: "vault: \(scenario.directory.file("vault.sqlite"))")
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        #expect(
            try scenario.veil(["run", profile, "--quiet", "--target", scenario.directory.file("v1.sql")]).status == 0)
        #expect(try scenario.veil(["keys", "rotate", profile]).status == 0)
        #expect(
            try scenario.veil(["run", profile, "--quiet", "--target", scenario.directory.file("v2.sql")]).status == 0)

        let keys = try KeyStore.open(
            at: scenario.directory.file("keys"), passphrase: SecureBytes(Array(scenario.passphrase.utf8)))
        let vault = try TokenVault(
            storage: try SQLiteVaultStorage(path: scenario.directory.file("vault.sqlite")), keys: keys)
        for column in ["ssn", "card_number"] {
            let domain = column == "ssn" ? "ssn" : "card"
            let originals = try DumpValues.values(in: Self.dump, table: "public.customers", columns: [column])
            for (version, file) in [(1, "v1.sql"), (2, "v2.sql")] {
                let tokens = try DumpValues.values(
                    in: scenario.directory.file(file), table: "public.customers", columns: [column])
                #expect(tokens.count == originals.count && !tokens.isEmpty)
                let reverser = try #require(
                    try ReversalCatalog.reverser(domain: domain, version: version, vault: vault, keys: keys))
                let revealed = try tokens.prefix(50).map { try reverser.reveal($0) }
                #expect(revealed == Array(originals.prefix(50)), "\(column) v\(version)")
                // The other version's key does not give the originals back.
                let other = try #require(
                    try ReversalCatalog.reverser(domain: domain, version: 3 - version, vault: vault, keys: keys))
                let otherwise = tokens.prefix(50).map { try? other.reveal($0) }
                #expect(otherwise != revealed.map { Optional($0) })
            }
        }
        #expect(try ReversalCatalog.reverser(domain: "nope", version: 1, vault: vault, keys: keys) == nil)
    }
}
