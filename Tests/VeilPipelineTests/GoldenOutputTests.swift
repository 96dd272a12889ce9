import Foundation
import Testing
import VeilCore
import VeilCrypto
import VeilMasking
import VeilTestSupport
import VeilVault

@testable import VeilPipeline

/// The bundled profiles' outputs under fixed keys, pinned by digest: work on the engine's speed (rows as bytes,
/// rules on bytes, parallel tables) changes how rows travel, never what is written. A digest changes only with a
/// deliberate change of a rule's output, recorded here with the reason.
///
/// Digests recorded at 5820272 (2026-12-06), before rows became byte batches (issue 17).
@Suite("golden outputs of the bundled profiles")
struct GoldenOutputTests {
    /// The same 32 data-key bytes on every machine; the key store only signs.
    static let ring = MaskingKeyRing(dataKey: SecureBytes(Array(0..<32).map { UInt8($0 * 7 + 3) }), keyVersion: 1)

    struct Case: Sendable, CustomTestStringConvertible {
        let profile: String
        let source: String
        /// The target's name in the scratch directory: `.sql`, or a folder (`/`) for CSV.
        let target: String
        let sha256: String
        var testDescription: String { "\(profile) → \(target)" }
    }

    static let cases = [
        Case(
            profile: "shop.yaml", source: "shop/prod.sql", target: "shop.sql",
            sha256: "234106c4c0d68ba361f704a5e8f1f9fb30287163aedf0545ae545d0c30bb8966"),
        Case(
            profile: "crm.yaml", source: "crm/prod.sql", target: "crm.sql",
            sha256: "c07fcf6a627feb663725a6d2b3e9f25427b8cca95c1a5ea890866480d0b2659c"),
        Case(
            profile: "pagila.yaml", source: "pagila/pagila-pgdump.sql", target: "pagila.sql",
            sha256: "3f9d324c7309de6bedf712d8cff045fd22b9f5f8c50ccaeebf068c1e36032fce"),
        Case(
            profile: "chinook.yaml", source: "chinook/Chinook_Sqlite.sqlite", target: "chinook/",
            sha256: "1ae940ea4c85fdb2a39872d5dfbe7f4662a0016f4357a37ddd276d9f4b31ec9f"),
        Case(
            profile: "people-csv.yaml", source: "fake-people-csv/", target: "people/",
            sha256: "5bd5da2bcc3ebf242b9ce5995eec1347ba9ded55c51530e369ee3e1674290a2d"),
    ]

    @Test("the output's digest under fixed keys is the recorded one, with one job and with three", arguments: cases)
    func pinned(_ pinned: Case) throws {
        var digests: [String] = []
        let keyDirectory = TemporaryDirectory("veil-golden-keys")
        let keys = try KeyStore.create(
            at: keyDirectory.file("keys"), passphrase: SecureBytes(Array("golden outputs".utf8)))
        for jobs in [1, 3] {
            let directory = TemporaryDirectory("veil-golden")
            let target = directory.file(pinned.target)
            let run = try PreparedRun(
                request: RunRequest(
                    profilePath: PackagePaths.profile(pinned.profile), source: PackagePaths.fixture(pinned.source),
                    target: target, jobs: jobs),
                keyStore: keys, maskingKeys: Self.ring)
            let sink = try run.target.openSink(fedBy: run.source)
            do {
                _ = try run.stream(into: sink, progress: ProgressReporter(style: .silent))
                try sink.finish()
            } catch {
                sink.abort()
                throw error
            }
            digests.append(try Self.digest(of: target))
        }
        #expect(digests[0] == digests[1], "\(pinned.profile): one job and three jobs wrote different bytes")
        #expect(digests[0] == pinned.sha256, "\(pinned.profile): the output changed (now \(digests[0]))")
    }

    /// SHA-256 of a file, or of a folder's files (each name, then its bytes, in name order).
    static func digest(of path: String) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw VeilError(.internal, "no output at \(path)")
        }
        var bytes: [UInt8] = []
        if isDirectory.boolValue {
            for name in try FileManager.default.contentsOfDirectory(atPath: path).sorted() {
                bytes += Array(name.utf8) + [0]
                bytes += Array(try Data(contentsOf: URL(fileURLWithPath: path + "/" + name)))
            }
        } else {
            bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        }
        return SHA256Hash.hash(bytes).hexString
    }
}
