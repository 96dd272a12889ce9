import Foundation
import Testing
import VeilTestSupport

/// JSON documents held as text (a SQLite `TEXT` column, a CSV field) with names inside: `veil scan` sees the
/// documents for what they are and suggests `json` with a rule per path, as for a `jsonb` column, so the names
/// (which `scrub` cannot find) are masked. Found by the file-source torture suite with names planted in JSON
/// (`VEIL_TORTURE_NAMES_IN_TEXT=1`): the skeleton suggested `scrub`, and the copy kept every name.
@Suite("JSON held as text through scan")
struct JSONTextScanEndToEndTests {
    /// Names in Latin with accents, Cyrillic and Han; an email and a phone beside each.
    static let names = [
        "Zoë Hartmann-Ødegård", "Анастасия Кузнецова", "欧阳娜娜", "Émile Laurent", "Дмитрий Соколов", "司马光明",
    ]

    static func document(_ row: Int) -> String {
        let name = names[row % names.count]
        return
            #"{"contact": {"name": "\#(name) \#(row)", "email": "member\#(row).x@mail\#(row % 5).example.org", "#
            + #""phone": "+1 415 555 \#(String(format: "%04d", 1000 + row))"}, "tier": \#(row % 3)}"#
    }

    static func csv(rows: Int) -> String {
        let lines = (0..<rows).map { row in
            "\(row + 1),\"" + document(row).replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return "id,profile\n" + lines.joined(separator: "\n") + "\n"
    }

    @Test("a CSV field of JSON documents gets json with the name's path; the copy holds no name, email or phone")
    func csvDocuments() throws {
        let scenario = Scenario()
        scenario.directory.write(Self.csv(rows: 40), to: "members.csv")
        let yaml = try ScanEndToEndTests.scanCheckAndRun(
            scenario, source: "members.csv", output: "out/members-masked/members.csv")
        let rule = try #require(ScanEndToEndTests.rule(yaml, table: "members", column: "profile"))
        #expect(rule.contains("rule: json"), "\(rule)")
        #expect(rule.contains(#""$.contact.name": "#), "\(rule)")
        let output = try String(
            contentsOfFile: scenario.directory.file("out/members-masked/members.csv"), encoding: .utf8)
        for row in 0..<40 {
            #expect(!output.contains("\(Self.names[row % Self.names.count]) \(row)"), "row \(row): a name is kept")
            #expect(!output.contains("member\(row).x@"), "row \(row): an email is kept")
        }
        // The documents keep their shape: every row is still a document with a tier.
        #expect(output.components(separatedBy: "\"\"tier\"\":").count == 41, "\(output.prefix(300))")
    }

    @Test("one value that is not a document leaves the column text: no json rule that a later row would break")
    func mixedColumnIsText() throws {
        let scenario = Scenario()
        scenario.directory.write(Self.csv(rows: 20) + "21,plain words about Zoë\n", to: "members.csv")
        let scan = try ScanEndToEndTests.veil(scenario, ["scan", "members.csv", "--out", "skeleton.yaml"])
        #expect(scan.status == 0, "\(scan.standardError)")
        let yaml = try String(contentsOfFile: scenario.directory.file("skeleton.yaml"), encoding: .utf8)
        let rule = try #require(ScanEndToEndTests.rule(yaml, table: "members", column: "profile"))
        #expect(!rule.contains("rule: json") && !rule.hasPrefix("json"), "\(rule)")
    }
}
