import Foundation
import Testing
import VeilCore
import VeilCrypto
import VeilTestSupport

@testable import VeilApp
@testable import VeilPipeline

/// The signed manifest file: its exact form, that no byte of it can change unnoticed, signer pinning, the
/// default locations, coverage counting and the output digests.
@Suite("Run manifest")
struct RunManifestTests {
    static let signingKey = Ed25519PrivateKey.random()

    /// A manifest shaped like a real run's (the shop dump into a plain dump).
    static func sampleManifest() -> RunManifest {
        RunManifest(
            veilVersion: VeilVersion.current, createdAt: "2026-11-29T12:00:00Z", source: "Fixtures/shop/prod.sql",
            target: "out/shop-dev.sql",
            profile: .init(path: "Profiles/shop.yaml", sha256: String(repeating: "ab", count: 32)),
            keys: [
                .init(purpose: "data", id: "0011223344556677", version: 2),
                .init(purpose: "manifest", id: "8899aabbccddeeff", version: 1),
            ],
            signer: .init(algorithm: "ed25519", publicKey: "", keyID: ""),
            tables: [
                .init(table: "public.customers", action: "mask", rows: 500, maskedColumns: 6),
                .init(table: "public.orders", action: "mask", rows: 2000, maskedColumns: 1),
                .init(table: "public.countries", action: "keep", rows: 12, maskedColumns: 0),
            ],
            rows: 2512,
            coverage: .init(
                columns: 20, masked: 7, kept: 12, unreviewedNulled: 0, schemaOnly: 1,
                rules: ["fake.email": 1, "fpe": 2, "card": 1, "shift_date": 1, "null": 1, "fake.street_address": 1]),
            leakCheck: .init(leaksFound: nil),
            outputs: [.init(path: "shop-dev.sql", bytes: 123_456, sha256: String(repeating: "cd", count: 32))])
    }

    static func signedSample() throws -> [UInt8] {
        try ManifestSigner(key: signingKey, keyID: "8899aabbccddeeff").signedFile(for: sampleManifest())
    }

    @Test("the file is {\"manifest\":PAYLOAD,\"signature\":\"HEX\"} on one line, valid JSON, and verifies")
    func form() throws {
        let file = try Self.signedSample()
        let text = String(decoding: file, as: UTF8.self)
        #expect(text.hasPrefix(#"{"manifest":{"coverage":"#), "keys sorted, payload first")
        #expect(text.hasSuffix("\"}\n"))
        #expect(text.filter { $0 == "\n" }.count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(file)) as? [String: Any])
        #expect(Set(object.keys) == ["manifest", "signature"])
        let signature = try #require(object["signature"] as? String)
        #expect(signature.count == 128)
        // An independent check: the payload is the bytes between the fixed head and tail.
        let payload = Array(file[12..<(file.count - 145)])
        #expect(
            Self.signingKey.publicKey.isValidSignature(
                ManifestHex.decodeLowercase(Array(signature.utf8))!, for: payload))
        guard case .success(let verified) = ManifestSignatureCheck.verify(file, expectedSigner: nil) else {
            Issue.record("a fresh manifest fails verification")
            return
        }
        var expected = Self.sampleManifest()
        expected.signer = .init(
            algorithm: "ed25519", publicKey: Self.signingKey.publicKey.hexString, keyID: "8899aabbccddeeff")
        #expect(verified.manifest == expected)
        #expect(verified.signer == Self.signingKey.publicKey)
        #expect(text.contains(#""leak_check":{"status":"not checked"}"#))
    }

    @Test("changing any single byte of a manifest, anywhere, fails verification")
    func everyByteFlipFails() throws {
        let file = try Self.signedSample()
        var accepted: [Int] = []
        for index in file.indices {
            for mask: UInt8 in [0x01, 0x20, 0x80] {
                var altered = file
                altered[index] ^= mask
                if case .success = ManifestSignatureCheck.verify(altered, expectedSigner: nil) {
                    accepted.append(index)
                }
            }
        }
        #expect(accepted.isEmpty, "accepted after a change at byte offsets \(accepted)")
        #expect(file.count > 1000, "the sample is a realistic size")
    }

    @Test("truncated, extended, empty and re-encoded files fail verification")
    func structuralChangesFail() throws {
        let file = try Self.signedSample()
        let variants: [[UInt8]] = [
            [], Array(file.dropLast()), Array(file.dropFirst()), file + [0x0a], file + Array(" ".utf8),
            Array(file.dropLast()) + Array("\r\n".utf8),
            Array(String(decoding: file, as: UTF8.self).uppercased().utf8),
            // The signature in upper case is the same bytes but not the one spelling the format allows.
            Array(file[..<(file.count - 131)])
                + Array(
                    String(decoding: file[(file.count - 131)...], as: UTF8.self)
                        .uppercased().utf8),
        ]
        for variant in variants {
            guard case .failure = ManifestSignatureCheck.verify(variant, expectedSigner: nil) else {
                Issue.record("a damaged file of \(variant.count) bytes verified")
                continue
            }
        }
    }

    @Test("a manifest forged and re-signed with another key verifies only unpinned, naming the other signer")
    func pinnedSigner() throws {
        var forged = Self.sampleManifest()
        forged.rows = 1
        let forger = Ed25519PrivateKey.random()
        let file = try ManifestSigner(key: forger, keyID: "0000000000000000").signedFile(for: forged)
        guard case .success(let unpinned) = ManifestSignatureCheck.verify(file, expectedSigner: nil) else {
            Issue.record("a well-formed manifest of another key fails unpinned")
            return
        }
        #expect(unpinned.signer == forger.publicKey)
        guard
            case .failure(let problem) = ManifestSignatureCheck.verify(
                file, expectedSigner: Self.signingKey.publicKey)
        else {
            Issue.record("a re-signed forgery passed a pinned check")
            return
        }
        #expect(problem.description.contains(forger.publicKey.fingerprint))
        let genuine = try Self.signedSample()
        guard case .success = ManifestSignatureCheck.verify(genuine, expectedSigner: Self.signingKey.publicKey)
        else {
            Issue.record("the genuine manifest fails its pinned check")
            return
        }
        // Swapping the public key inside a genuine file for the forger's breaks the signature.
        let swapped = String(decoding: genuine, as: UTF8.self).replacingOccurrences(
            of: Self.signingKey.publicKey.hexString, with: forger.publicKey.hexString)
        guard case .failure = ManifestSignatureCheck.verify(Array(swapped.utf8), expectedSigner: nil) else {
            Issue.record("a manifest with a swapped signer key verified")
            return
        }
    }

    @Test("the manifest goes beside file outputs, beside --report for a database, or to --manifest")
    func locations() throws {
        func location(_ target: String, report: String? = nil, manifest: String? = nil) throws -> String? {
            RunManifestWriter.location(
                target: try Endpoint(target, role: "target"),
                request: .init(profilePath: "p.yaml", reportPath: report, manifestPath: manifest))
        }
        #expect(try location("out/shop.sql") == "out/shop.sql.manifest.json")
        #expect(try location("out/shop.sqlite") == "out/shop.sqlite.manifest.json")
        #expect(try location("out/people/") == "out/people.manifest.json")
        #expect(try location("postgresql://u:secret@localhost/staging") == nil)
        #expect(try location("postgresql://localhost/staging", report: "r/run.json") == "r/run.manifest.json")
        #expect(try location("postgresql://localhost/staging", report: "r/run") == "r/run.manifest.json")
        #expect(try location("out/shop.sql", manifest: "m.json") == "m.json")
    }

    @Test("leak check: nil is 'not checked', never clean")
    func leakCheck() {
        #expect(RunManifest.LeakCheck(leaksFound: nil) == .init(leaksFound: nil))
        #expect(RunManifest.LeakCheck(leaksFound: nil).status == "not checked")
        #expect(RunManifest.LeakCheck(leaksFound: 0).status == "clean")
        #expect(RunManifest.LeakCheck(leaksFound: 3).status == "leaks found")
        #expect(RunManifest.LeakCheck(leaksFound: 3).leaks == 3)
    }

    @Test("coverage counts every column once: masked, kept, nulled as unreviewed, schema only")
    func coverage() throws {
        let plan = try PlanBuilderTests.plan(
            PlanBuilderTests.header + """
                on_unreviewed_column: null
                tables:
                  customers: { columns: { id: keep, email: { rule: hmac, unique: true }, ssn: fpe } }
                  orders: keep
                  payments: { rows: none }
                """)
        let coverage = RunManifestWriter.coverage(plan: plan, schema: PlanBuilderTests.schema)
        #expect(coverage.columns == 11)
        #expect(coverage.masked == 2)
        #expect(coverage.unreviewedNulled == 1)
        #expect(coverage.kept == 4)
        #expect(coverage.schemaOnly == 4)
        #expect(coverage.rules["hmac"] == 1 && coverage.rules["fpe"] == 1)
    }

    @Test("output digests: streamed SHA-256 of a file and of each file of a folder, named from the manifest")
    func outputDigests() throws {
        let directory = TemporaryDirectory("veil-manifest")
        let content = [UInt8]((0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let file = directory.file("masked.sql")
        try Data(content).write(to: URL(fileURLWithPath: file))
        let described = try OutputDigests.describe(output: file, relativeTo: directory.path)
        #expect(
            described == [.init(path: "masked.sql", bytes: content.count, sha256: SHA256Hash.hash(content).hexString)])
        let folder = directory.file("people")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data("b\n".utf8).write(to: URL(fileURLWithPath: folder + "/b.csv"))
        try Data("a\n".utf8).write(to: URL(fileURLWithPath: folder + "/a.csv"))
        let files = try OutputDigests.describe(output: folder + "/", relativeTo: directory.path)
        #expect(files.map(\.path) == ["people/a.csv", "people/b.csv"])
        #expect(files[0].sha256 == SHA256Hash.hash(Array("a\n".utf8)).hexString)
        #expect(OutputDigests.relativePath(of: "/elsewhere/x.sql", from: directory.path) == "/elsewhere/x.sql")
        #expect(OutputDigests.resolve("people/a.csv", against: directory.path) == folder + "/a.csv")
    }

    @Test("verify use case: valid file passes; a changed output beside it fails; a bad --public-key is a usage error")
    func verification() throws {
        let directory = TemporaryDirectory("veil-manifest")
        let output = directory.file("masked.sql")
        try Data("COPY ...\n".utf8).write(to: URL(fileURLWithPath: output))
        var manifest = Self.sampleManifest()
        manifest.outputs = try OutputDigests.describe(output: output, relativeTo: directory.path)
        let path = directory.file("masked.sql.manifest.json")
        try Data(try ManifestSigner(key: Self.signingKey, keyID: "k").signedFile(for: manifest))
            .write(to: URL(fileURLWithPath: path))
        let valid = try ManifestVerification(
            path: path, expectedSigner: .publicKey(Self.signingKey.publicKey.hexString.uppercased())
        ).execute()
        #expect(valid.problem == nil)
        #expect(valid.signerPinned)
        #expect(valid.outputsMatching == ["masked.sql"])
        try Data("COPY ,,,\n".utf8).write(to: URL(fileURLWithPath: output))
        let changed = try ManifestVerification(path: path).execute()
        #expect(changed.problem?.contains("masked.sql") == true)
        try FileManager.default.removeItem(atPath: output)
        let missing = try ManifestVerification(path: path).execute()
        #expect(missing.problem == nil)
        #expect(missing.outputsMissing == ["masked.sql"])
        let usage = #expect(throws: VeilError.self) {
            try ManifestVerification(path: path, expectedSigner: .publicKey("abc")).execute()
        }
        #expect(usage?.code == .usage)
        let absent = #expect(throws: VeilError.self) {
            try ManifestVerification(path: directory.file("none.json")).execute()
        }
        #expect(absent?.code == .source)
    }
}
