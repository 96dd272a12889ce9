import Foundation
import Testing
import VeilTestSupport

/// A run killed with SIGKILL at any moment publishes nothing, and the next run cleans up after it.
@Suite("Killed runs")
struct KillEndToEndTests {
    @Test("kill -9 mid-run leaves no output file; the next run succeeds and removes the leftovers")
    func killedRun() throws {
        let scenario = Scenario()
        let profile = try scenario.writeProfile(
            base: "pagila.yaml", source: PackagePaths.fixture("pagila/pagila-pgdump.sql"))
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        for delay in [0.15, 0.4, 0.7] {
            let process = try VeilBinary.launch(
                ["run", profile, "--quiet", "--jobs", "1"], environment: scenario.environment)
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal {
                #expect(!scenario.exists("masked.sql"), "a killed run published its output (after \(delay) s)")
            }
            try? FileManager.default.removeItem(atPath: scenario.directory.file("masked.sql"))
        }
        let run = try scenario.veil(["run", profile, "--quiet"])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(scenario.exists("masked.sql"))
        #expect(scenario.files().filter { $0.contains("veil-tmp") }.isEmpty, "\(scenario.files())")
    }
}
