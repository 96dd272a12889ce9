import Foundation
import Testing
import VeilTestSupport

/// `veil keys` from the command line: list, rotate, rewrap (also killed mid-way), retire, and a key command.
@Suite("Keys end to end")
struct KeysEndToEndTests {
    static let shopDump = PackagePaths.fixture("shop/prod.sql")

    @Test("list shows versions and ids, never key bytes; rotate changes every keyed output; rewrap keeps them")
    func listRotateRewrap() throws {
        let scenario = Scenario()
        let profile = try scenario.writeProfile(base: "shop.yaml", source: Self.shopDump)
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        #expect(
            try scenario.veil(["run", profile, "--quiet", "--target", scenario.directory.file("v1.sql")]).status == 0)

        let rotated = try scenario.veil(["keys", "rotate", profile])
        #expect(rotated.status == 0, "\(rotated.standardError)")
        let list = try scenario.veil(["keys", "list", profile])
        let lines = list.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.hasPrefix("data v") }.count == 2)
        #expect(lines.contains { $0.hasPrefix("data v2 ") && $0.hasSuffix(" current") })
        #expect(lines.contains { $0.hasPrefix("audit ") } && lines.contains { $0.hasPrefix("fingerprint ") })
        let store = try String(contentsOfFile: scenario.directory.file("keys"), encoding: .utf8)
        for wrapped in try Self.wrappedValues(store) { #expect(!list.standardOutput.contains(wrapped)) }

        #expect(
            try scenario.veil(["run", profile, "--quiet", "--target", scenario.directory.file("v2.sql")]).status == 0)
        let v1 = try DumpValues.values(
            in: scenario.directory.file("v1.sql"), table: "public.customers", columns: ["email"])
        let v2 = try DumpValues.values(
            in: scenario.directory.file("v2.sql"), table: "public.customers", columns: ["email"])
        #expect(v1.count == v2.count && !v1.isEmpty)
        #expect(Set(v1).isDisjoint(with: Set(v2)), "a new data key version must change every keyed value")

        let rewrap = try scenario.veil(
            ["keys", "rewrap", profile, "--new-passphrase", "env:NEW_PASSPHRASE"],
            environment: ["NEW_PASSPHRASE": "the next passphrase"])
        #expect(rewrap.status == 0, "\(rewrap.standardError)")
        #expect(try scenario.veil(["keys", "list", profile]).status == 77)
        let after = try scenario.veil(
            ["run", profile, "--quiet", "--target", scenario.directory.file("rewrapped.sql")],
            environment: ["VEIL_PASSPHRASE": "the next passphrase"])
        #expect(after.status == 0, "\(after.standardError)")
        #expect(
            try DumpValues.values(
                in: scenario.directory.file("rewrapped.sql"), table: "public.customers", columns: ["email"])
                == v2)
    }

    @Test("kill -9 during rewrap leaves a store that opens with the old or the new passphrase")
    func killedRewrap() throws {
        let scenario = Scenario()
        let profile = try scenario.writeProfile(base: "shop.yaml", source: Self.shopDump)
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        var current = scenario.passphrase
        for (round, delay) in [0.05, 0.25, 0.5, 0.8, 1.2].enumerated() {
            let next = "rewrap passphrase number \(round)"
            let process = try VeilBinary.launch(
                ["keys", "rewrap", profile, "--new-passphrase", "env:NEXT"],
                environment: scenario.environment.merging(["VEIL_PASSPHRASE": current, "NEXT": next]) { $1 })
            Thread.sleep(forTimeInterval: Double.random(in: delay...(delay + 0.2)))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let withOld = try scenario.veil(["keys", "list", profile], environment: ["VEIL_PASSPHRASE": current])
            let withNew = try scenario.veil(["keys", "list", profile], environment: ["VEIL_PASSPHRASE": next])
            #expect((withOld.status == 0) != (withNew.status == 0), "round \(round): exactly one secret must open it")
            if withNew.status == 0 { current = next }
        }
        #expect(scenario.files().filter { $0.contains(".tmp-") }.count <= 5)
    }

    @Test("a key command (kek: command:...) unlocks the store; its output never reaches a message")
    func keyCommand() throws {
        let scenario = Scenario()
        let key = (0..<32).map { String(format: "%02x", ($0 * 13 + 5) % 256) }.joined()
        let profile = try scenario.writeProfile(base: "shop.yaml", source: Self.shopDump)
        var text = try String(contentsOfFile: profile, encoding: .utf8)
        text = text.replacingOccurrences(of: "passphrase: env:VEIL_PASSPHRASE", with: "kek: command:printf %s \(key)")
        try text.write(toFile: profile, atomically: true, encoding: .utf8)
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        let run = try scenario.veil(["run", profile, "--quiet"])
        #expect(run.status == 0, "\(run.standardError)")

        text = text.replacingOccurrences(of: key, with: "not-a-key-\(key.prefix(10))")
        try text.write(toFile: profile, atomically: true, encoding: .utf8)
        let bad = try scenario.veil(["run", profile, "--quiet"])
        #expect(bad.status == 77)
        #expect(!bad.standardError.contains(String(key.prefix(10))))
    }

    /// The `wrapped` values of a store file.
    static func wrappedValues(_ store: String) throws -> [String] {
        store.split(separator: "\n").filter { $0.contains("\"wrapped\"") }.map {
            String($0.split(separator: "\"")[3])
        }
    }
}
