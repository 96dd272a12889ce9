import Foundation
import Testing
import VeilApp
import VeilCrypto
import VeilPipeline
import VeilTestSupport
import VeilVault

/// The run manifest through the real binary: written beside every output, verified by `veil manifest verify`,
/// refused after any edit or under another signer, and never holding a key or a data value.
@Suite("Run manifest end to end")
struct ManifestEndToEndTests {
    static let shop = PackagePaths.fixture("shop/prod.sql")

    /// The shop dump masked into `masked.sql` of a new scenario.
    static func maskedShop() throws -> (scenario: Scenario, profile: String, manifest: String) {
        let scenario = Scenario()
        let profile = try scenario.writeProfile(base: "shop.yaml", source: shop)
        let initialized = try scenario.veil(["keys", "init", profile])
        try #require(initialized.status == 0, "\(initialized.standardError)")
        let run = try scenario.veil(["run", profile, "--quiet"])
        try #require(run.status == 0, "\(run.standardError)")
        return (scenario, profile, scenario.directory.file("masked.sql.manifest.json"))
    }

    /// The signer's public key as `veil manifest verify` prints it.
    static func signer(in output: String) -> String? {
        output.split(separator: "\n").first { $0.hasPrefix("signer: ed25519 ") }
            .map { String($0.dropFirst("signer: ed25519 ".count).prefix(64)) }
    }

    @Test("shop dump → masked.sql: masked.sql.manifest.json (0600) verifies, pinned by key or by profile")
    func runWritesVerifiableManifest() throws {
        let (scenario, profile, manifest) = try Self.maskedShop()
        let attributes = try FileManager.default.attributesOfItem(atPath: manifest)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let verified = try scenario.veil(["manifest", "verify", manifest])
        #expect(verified.status == 0, "\(verified.standardError)")
        #expect(verified.standardOutput.contains("manifest signature valid"))
        #expect(verified.standardOutput.contains("output masked.sql: sha256 matches"))
        // The run checked its output (by default with `leak_check: warn`): clean, or a synthetic address that
        // happened to equal one of the fixture's; either way the manifest records the result.
        #expect(
            verified.standardOutput.contains("leak check: clean")
                || verified.standardOutput.contains("leak check: leaks found"))
        let publicKey = try #require(Self.signer(in: verified.standardOutput))
        let pinnedByKey = try scenario.veil(["manifest", "verify", manifest, "--public-key", publicKey])
        #expect(pinnedByKey.status == 0, "\(pinnedByKey.standardError)")
        #expect(pinnedByKey.standardOutput.contains("signed by the expected key"))
        let pinnedByProfile = try scenario.veil(["manifest", "verify", manifest, "--profile", profile])
        #expect(pinnedByProfile.status == 0, "\(pinnedByProfile.standardError)")

        // The recorded facts: rows per table as in the source, the profile's digest, Veil's version.
        let text = try String(contentsOfFile: manifest, encoding: .utf8)
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        let payload = try #require(object?["manifest"] as? [String: Any])
        let tables = try #require(payload["tables"] as? [[String: Any]])
        let rows = Dictionary(uniqueKeysWithValues: tables.map { ($0["table"] as! String, $0["rows"] as! Int) })
        #expect(rows["public.customers"] == 240)
        #expect(rows["public.login_events"] == 0)
        let profileDigest = (payload["profile"] as? [String: Any])?["sha256"] as? String
        #expect(profileDigest == SHA256Hash.hash(Array(try Data(contentsOf: URL(fileURLWithPath: profile)))).hexString)
        let version = try scenario.veil(["--version"])
        #expect(
            payload["veil_version"] as? String == version.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        )
        let coverage = try #require(payload["coverage"] as? [String: Any])
        #expect(coverage["unreviewed_nulled"] as? Int == 0)
        #expect((coverage["masked"] as? Int ?? 0) >= 13)
    }

    @Test("one byte edited anywhere in the manifest (or the output changed): exit 2")
    func editedManifestFails() throws {
        let (scenario, _, manifest) = try Self.maskedShop()
        let original = try Array(Data(contentsOf: URL(fileURLWithPath: manifest)))
        // A meaningful edit (a row count) and plain flips at the start, middle, signature and end.
        let text = String(decoding: original, as: UTF8.self)
        let rowCount = try #require(text.range(of: #""rows":240"#))
        let digit = text.utf8.distance(from: text.startIndex, to: rowCount.upperBound) - 1
        for (offset, mask) in [
            (digit, UInt8(0x01)), (0, 0x01), (original.count / 2, 0x20), (original.count - 40, 0x01),
            (original.count - 1, 0x01),
        ] {
            var edited = original
            edited[offset] ^= mask
            try Data(edited).write(to: URL(fileURLWithPath: manifest))
            let outcome = try scenario.veil(["manifest", "verify", manifest])
            #expect(outcome.status == 2, "byte \(offset): \(outcome.standardOutput)")
            #expect(outcome.standardError.contains("fails verification"))
        }
        // Every byte of this real manifest, changed three ways, through the same use case the command runs.
        let copy = scenario.directory.file("copy.manifest.json")
        var accepted: [Int] = []
        for offset in original.indices {
            for mask: UInt8 in [0x01, 0x20, 0x80] {
                var edited = original
                edited[offset] ^= mask
                try Data(edited).write(to: URL(fileURLWithPath: copy))
                if try ManifestVerification(path: copy).execute().problem == nil { accepted.append(offset) }
            }
        }
        #expect(accepted.isEmpty, "accepted after editing byte offsets \(accepted)")
        try Data(original).write(to: URL(fileURLWithPath: manifest))
        #expect(try scenario.veil(["manifest", "verify", manifest]).status == 0)
        // The output the manifest describes, changed afterwards, also fails.
        let output = scenario.directory.file("masked.sql")
        try (String(contentsOfFile: output, encoding: .utf8) + "-- edited\n").write(
            toFile: output, atomically: true, encoding: .utf8)
        let changedOutput = try scenario.veil(["manifest", "verify", manifest])
        #expect(changedOutput.status == 2)
        #expect(changedOutput.standardError.contains("masked.sql"))
    }

    @Test("another signer: a wrong --public-key or another profile's key store is refused with exit 2")
    func wrongSignerFails() throws {
        let (scenario, _, manifest) = try Self.maskedShop()
        let stranger = Ed25519PrivateKey.random().publicKey.hexString
        let wrongKey = try scenario.veil(["manifest", "verify", manifest, "--public-key", stranger])
        #expect(wrongKey.status == 2)
        #expect(wrongKey.standardError.contains("not by the expected key"))
        let other = try scenario.writeProfile(
            named: "other.yaml", base: "shop.yaml", source: Self.shop, keyStore: "other-keys")
        #expect(try scenario.veil(["keys", "init", other]).status == 0)
        let wrongProfile = try scenario.veil(["manifest", "verify", manifest, "--profile", other])
        #expect(wrongProfile.status == 2)
        let badKey = try scenario.veil(["manifest", "verify", manifest, "--public-key", "xyz"])
        #expect(badKey.status == 64)
    }

    @Test("the manifest holds no key material, no passphrase and no original value of the shop dump")
    func manifestHoldsNoSecrets() throws {
        let (scenario, _, manifest) = try Self.maskedShop()
        let text = try String(contentsOfFile: manifest, encoding: .utf8)
        let keys = try KeyStore.open(
            at: scenario.directory.file("keys"), passphrase: SecureBytes(Array(scenario.passphrase.utf8)))
        for key in keys.dataKeys + keys.purposeKeys {
            let bytes = key.material.withUnsafeBytes { Array($0) }
            let hex = bytes.map { String(format: "%02x", $0) }.joined()
            #expect(!text.lowercased().contains(hex), "\(key.purpose) key bytes in hex")
            #expect(!text.contains(Data(bytes).base64EncodedString()), "\(key.purpose) key bytes in base64")
        }
        // Keys are named by id and version instead.
        #expect(text.contains(#"{"id":"\#(keys.current.id)","purpose":"data","version":1}"#))
        let manifestKey = try #require(keys.key(for: .manifest))
        #expect(text.contains(#"{"id":"\#(manifestKey.id)","purpose":"manifest","version":1}"#))
        #expect(!text.contains(scenario.passphrase))
        // Every value of the masked columns (and of login_events, copied without rows) in the source.
        let sensitive: [(String, [String])] = [
            (
                "public.customers",
                [
                    "first_name", "last_name", "email", "phone", "ssn", "card_number", "birth_date",
                    "street_address", "city", "postcode", "notes", "created_at",
                ]
            ),
            ("public.orders", ["shipping_address"]), ("public.payments", ["card_number"]),
            ("public.login_events", ["ip", "user_agent"]),
        ]
        var checked = 0
        for (table, columns) in sensitive {
            for value in try DumpValues.values(in: Self.shop, table: table, columns: columns) {
                // Short values and hex-looking ones could match a digest by chance; they are skipped.
                let hexLike = value.allSatisfy { "0123456789abcdef-".contains($0) }
                guard value.count >= (hexLike ? 10 : 5) else { continue }
                checked += 1
                #expect(!text.contains(value), "a source value of \(table) is in the manifest")
            }
        }
        #expect(checked > 1000)
    }

    @Test("CSV folder → people.manifest.json beside the folder, every file's digest listed and checked")
    func csvFolderManifest() throws {
        let scenario = Scenario()
        let profile = try scenario.writeProfile(
            base: "people-csv.yaml", source: PackagePaths.fixture("fake-people-csv/"), target: "people/")
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        let run = try scenario.veil(["run", profile, "--quiet"])
        try #require(run.status == 0, "\(run.standardError)")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: scenario.directory.file("people")).allSatisfy {
                $0.hasSuffix(".csv")
            })
        let manifest = scenario.directory.file("people.manifest.json")
        let verified = try scenario.veil(["manifest", "verify", manifest])
        #expect(verified.status == 0, "\(verified.standardError)")
        for file in ["ecommerce_customers.csv", "patients.csv", "patients_notes.csv"] {
            #expect(verified.standardOutput.contains("output people/\(file): sha256 matches"))
        }
        // --manifest puts it elsewhere; outputs are then named by absolute path.
        let elsewhere = scenario.directory.file("manifests/run.json")
        let again = try scenario.veil(["run", profile, "--quiet", "--manifest", elsewhere])
        try #require(again.status == 0, "\(again.standardError)")
        let relocated = try scenario.veil(["manifest", "verify", elsewhere])
        #expect(relocated.status == 0, "\(relocated.standardError)")
        #expect(relocated.standardOutput.contains("patients.csv: sha256 matches"))
    }

    @Test(
        "refresh into PostgreSQL: the manifest goes beside --report and verifies",
        .enabled(if: TestPostgres.isAvailable, "set VEIL_TEST_PG to a throwaway PostgreSQL (see .ci/start-postgres)"))
    func refreshManifest() throws {
        let scenario = Scenario()
        let staging = "veil_manifest_\(getpid())_\(UUID().uuidString.prefix(6).lowercased())"
        defer {
            for database in (try? StagingOracle.databases(startingWith: staging)) ?? [] {
                TestPostgres.dropDatabase(database)
            }
        }
        let profile = try scenario.writeProfile(
            base: "shop.yaml", source: Self.shop, target: TestPostgres.url(database: staging))
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        let report = scenario.directory.file("refresh.json")
        let refresh = try scenario.veil(["refresh", profile, "--quiet", "--report", report])
        try #require(refresh.status == 0, "\(refresh.standardError)")
        let manifest = scenario.directory.file("refresh.manifest.json")
        let verified = try scenario.veil(["manifest", "verify", manifest, "--profile", profile])
        #expect(verified.status == 0, "\(verified.standardError)")
        #expect(verified.standardOutput.contains("rows in 5 tables"))
    }
}
