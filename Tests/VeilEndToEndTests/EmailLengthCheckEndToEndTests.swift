import Foundation
import Testing
import VeilTestSupport

/// `email` with `mail_domain: example` writes addresses 12 characters longer than their inputs. Into a `varchar(n)`
/// whose longest value would then not fit, `veil check` refuses before a run reads a row (it used to pass, and the
/// run failed on the first long value); where every value fits, check passes and the copy restores.
@Suite("email length against varchar(n) at check time")
struct EmailLengthCheckEndToEndTests {
    static func dump(limit: Int, addresses: [String]) -> HandwrittenDump {
        HandwrittenDump(tables: [
            HandwrittenDump.Table(
                name: "members", columns: [("id", "integer"), ("email", "character varying(\(limit))")],
                rows: addresses.enumerated().map { [String($0.offset + 1), $0.element] })
        ])
    }

    static func profile(_ scenario: Scenario, source: String, rule: String) throws -> String {
        try scenario.writeProfile(
            base: "shop.yaml", source: source,
            tables: "\ntables:\n  public.members:\n    columns:\n      id: keep\n      email: \(rule)\n")
    }

    @Test("an address that would outgrow varchar(n) is refused by check naming the column and the modes that fit")
    func tooShortRefused() throws {
        let scenario = Scenario()
        let source = scenario.directory.file("members.sql")
        // 20 characters: 32 once masked, more than varchar(24) holds; the short one alone would fit.
        try Self.dump(limit: 24, addresses: ["ann@b.io", "margaret.h@corp.co.uk"]).write(to: source)
        let profile = try Self.profile(scenario, source: source, rule: "email")
        let check = try scenario.veil(["check", profile])
        #expect(check.status == 3, "\(check.standardOutput)\(check.standardError)")
        #expect(check.standardError.contains("public.members.email (email)"), "\(check.standardError)")
        #expect(check.standardError.contains("mail_domain: keep"), "\(check.standardError)")
        #expect(!check.standardError.contains("margaret"), "a value in the message: \(check.standardError)")

        let keeping = try Self.profile(scenario, source: source, rule: "{ rule: email, mail_domain: tokenize }")
        let accepted = try scenario.veil(["check", keeping])
        #expect(accepted.status == 0, "\(accepted.standardError)")
    }

    @Test("where every masked address fits, check passes and the run writes them")
    func fittingAccepted() throws {
        let scenario = Scenario()
        let source = scenario.directory.file("members.sql")
        try Self.dump(limit: 40, addresses: ["ann@b.io", "margaret.h@corp.co.uk"]).write(to: source)
        let profile = try Self.profile(scenario, source: source, rule: "email")
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        let check = try scenario.veil(["check", profile])
        #expect(check.status == 0, "\(check.standardError)")
        let run = try scenario.veil(["run", profile, "--quiet"])
        #expect(run.status == 0, "\(run.standardError)")
        let masked = try String(contentsOfFile: scenario.directory.file("masked.sql"), encoding: .utf8)
        #expect(masked.contains(".example."))
        #expect(!masked.contains("margaret"))
    }
}
