import Foundation
import Testing
import VeilTestSupport

/// Publishing is the last step of every run: nothing appears under the target's name before the leak check has
/// confirmed it and the report, manifest and metrics are written; a signal or a failure on the way leaves the target
/// as it was. `VEIL_DEBUG_PAUSE` holds the run at a named stage so the test acts at that exact moment.
@Suite("Publishing last")
struct PublishLastEndToEndTests {
    static let previous = "-- the previous output, which must survive\n"

    /// A scenario whose shop profile keeps 444 original card numbers (so the check has candidates to confirm), and
    /// an earlier output under the target's name.
    static func leakingRun() throws -> (Scenario, String) {
        let scenario = Scenario()
        let profile = try LeakVerificationEndToEndTests.keptCardsProfile(scenario, extra: "leak_check: fail")
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        try previous.write(toFile: scenario.directory.file("masked.sql"), atomically: true, encoding: .utf8)
        return (scenario, profile)
    }

    static func cleanRun() throws -> (Scenario, String) {
        let scenario = Scenario()
        let profile = try scenario.writeProfile(
            base: "shop.yaml", source: LeakVerificationEndToEndTests.shop,
            tables: try LeakVerificationEndToEndTests.shopTables(), extra: "leak_check: fail")
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        try previous.write(toFile: scenario.directory.file("masked.sql"), atomically: true, encoding: .utf8)
        return (scenario, profile)
    }

    /// Starts `veil run`, waits until it pauses at `stage`, then calls `act` with the running process.
    static func pause(
        _ scenario: Scenario, _ arguments: [String], at stage: String, environment: [String: String] = [:],
        _ act: (Process) throws -> Void
    ) throws -> Process {
        let errors = Pipe()
        let process = try VeilBinary.launch(
            arguments,
            environment: scenario.environment.merging(["VEIL_DEBUG_PAUSE": stage]) { $1 }
                .merging(environment) { $1 },
            standardError: errors)
        var seen = Data()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, !String(decoding: seen, as: UTF8.self).contains("paused at \(stage)") {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen.append(chunk)
        }
        try #require(String(decoding: seen, as: UTF8.self).contains("paused at \(stage)"), "never paused at \(stage)")
        try act(process)
        process.waitUntilExit()
        return process
    }

    func unchanged(_ scenario: Scenario) throws -> Bool {
        try String(contentsOfFile: scenario.directory.file("masked.sql"), encoding: .utf8) == Self.previous
    }

    @Test(
        "a signal while a leaking output is being confirmed publishes nothing",
        arguments: [SIGKILL, SIGTERM, SIGINT])
    func signalDuringConfirmation(signal: Int32) throws {
        let (scenario, profile) = try Self.leakingRun()
        let process = try Self.pause(scenario, ["run", profile, "--quiet"], at: "before-leak-confirmation") {
            kill($0.processIdentifier, signal)
        }
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(try unchanged(scenario))
        #expect(!scenario.exists("masked.sql.manifest.json"))
        if signal != SIGKILL {
            #expect(scenario.files().filter { $0.contains("veil-tmp") }.isEmpty, "\(scenario.files())")
        }
        // The next run removes what a SIGKILL left, and (with the check) still publishes nothing.
        let next = try scenario.veil(["run", profile, "--quiet"])
        #expect(next.status == 2)
        #expect(scenario.files().filter { $0.contains("veil-tmp") }.isEmpty, "\(scenario.files())")
    }

    @Test("SIGTERM after the manifest, just before publishing, leaves the previous output and no temporary file")
    func signalBeforePublishing() throws {
        let (scenario, profile) = try Self.cleanRun()
        let process = try Self.pause(scenario, ["run", profile, "--quiet"], at: "before-publish") {
            kill($0.processIdentifier, SIGTERM)
        }
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(try unchanged(scenario))
        #expect(scenario.files().filter { $0.contains("veil-tmp") }.isEmpty, "\(scenario.files())")
        let run = try scenario.veil(["run", profile, "--quiet"])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(try !unchanged(scenario))
    }

    @Test("a source removed before confirmation fails the run (66) and publishes nothing")
    func sourceGoneBeforeConfirmation() throws {
        let scenario = Scenario()
        let source = scenario.directory.file("prod.sql")
        try FileManager.default.copyItem(atPath: LeakVerificationEndToEndTests.shop, toPath: source)
        let tables = try LeakVerificationEndToEndTests.shopTables()
            .replacingOccurrences(
                of: "      card_number: { rule: card, domain: card }\n      amount: keep",
                with: "      card_number: keep\n      amount: keep")
        let profile = try scenario.writeProfile(
            base: "shop.yaml", source: source, tables: tables, extra: "leak_check: fail")
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        try Self.previous.write(toFile: scenario.directory.file("masked.sql"), atomically: true, encoding: .utf8)
        let resume = scenario.directory.file("resume")
        let process = try Self.pause(
            scenario, ["run", profile, "--quiet"], at: "before-leak-confirmation",
            environment: ["VEIL_DEBUG_RESUME": resume]
        ) { _ in
            try FileManager.default.removeItem(atPath: source)
            _ = FileManager.default.createFile(atPath: resume, contents: Data())
        }
        #expect(process.terminationStatus == 66)
        #expect(try unchanged(scenario))
        #expect(scenario.files().filter { $0.contains("veil-tmp") }.isEmpty, "\(scenario.files())")
    }

    /// A path under a regular file: nothing can be written there.
    static func unwritable(_ scenario: Scenario, _ name: String) throws -> String {
        let blocker = scenario.directory.file("blocker")
        try "".write(toFile: blocker, atomically: true, encoding: .utf8)
        return blocker + "/" + name
    }

    @Test(
        "a report, manifest or metrics file that cannot be written fails the run (73) before anything is published",
        arguments: ["--report", "--manifest", "--metrics"])
    func documentsBeforePublishing(option: String) throws {
        let (scenario, profile) = try Self.cleanRun()
        let run = try scenario.veil(["run", profile, "--quiet", option, try Self.unwritable(scenario, "out.json")])
        #expect(run.status == 73, "\(run.standardError)")
        #expect(try unchanged(scenario))
        #expect(scenario.files().filter { $0.contains("veil-tmp") }.isEmpty, "\(scenario.files())")
    }
}
