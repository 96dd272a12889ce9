import Foundation
import Testing
import VeilConnectors
import VeilTestSupport

/// pg_dump custom, tar and directory archives mask exactly like the plain dump pg_restore makes of them.
@Suite("pg_dump archives end to end")
struct ArchiveEndToEndTests {
    static let archives = PackagePaths.root + "/Tests/VeilConnectorsTests/Fixtures/archives/"

    /// The dump without pg_restore's random `\restrict` key lines.
    static func withoutRestrictKeys(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("\\restrict ") && !$0.hasPrefix("\\unrestrict ") }.joined(separator: "\n")
    }

    @Test(
        "a .dump, a tar and a directory archive mask to the same dump as their plain pg_restore output",
        .enabled(if: PgDumpReader.pgRestoreExecutable() != nil, "pg_restore not found"))
    func archivesMaskLikePlain() throws {
        let scenario = Scenario()
        let plain = scenario.directory.file("plain.sql")
        let restore = try ProcessRunner.run(
            PgDumpReader.pgRestoreExecutable()!, ["--file=" + plain, Self.archives + "shop.dump"])
        #expect(restore.status == 0, "\(restore.standardError)")
        let profile = try scenario.writeProfile(base: "shop.yaml", source: plain, target: "from-plain.sql")
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        #expect(try scenario.veil(["run", profile, "--quiet"]).status == 0)
        let reference = try Self.withoutRestrictKeys(scenario.directory.file("from-plain.sql"))
        #expect(reference.contains("COPY public.customers"))

        for archive in ["shop.dump", "shop.tar", "shop.dir"] {
            let target = scenario.directory.file("from-\(archive).sql")
            let run = try scenario.veil([
                "run", profile, "--quiet", "--source", Self.archives + archive, "--target", target,
            ])
            #expect(run.status == 0, "\(archive): \(run.standardError)")
            #expect(try Self.withoutRestrictKeys(target) == reference, "\(archive)")
        }

        let missing = try scenario.veil(["run", profile, "--source", scenario.directory.file("nope.dump")])
        #expect(missing.status == 66)
    }
}
