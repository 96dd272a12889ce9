import Foundation
import Testing
import VeilTestSupport

/// A semicolon-delimited CSV: refused with a hint until the profile says `csv: { delimiter: ";" }`, then masked
/// column by column; `veil scan --csv-delimiter ";"` writes that line into the skeleton.
@Suite("CSV delimiters end to end")
struct CSVDialectEndToEndTests {
    static let rows = (1...40).map { "\($0);person\($0)@example.com;123-45-\(String(format: "%04d", 1000 + $0))" }
    static let csv = "id;email;ssn\n" + rows.joined(separator: "\n") + "\n"

    static let tables = """

        tables:
          people:
            columns:
              id: keep
              email: email
              ssn: ssn
        """

    @Test("refused (66) with the hint while read with commas; masked per column with `csv: { delimiter: \";\" }`")
    func semicolonFile() throws {
        let scenario = Scenario()
        let source = scenario.directory.write(Self.csv, to: "people.csv")
        let plain = try scenario.writeProfile(base: "shop.yaml", source: source, target: "out/", tables: Self.tables)
        #expect(try scenario.veil(["keys", "init", plain]).status == 0)
        let refused = try scenario.veil(["run", plain, "--quiet"])
        #expect(refused.status == 66, "\(refused.standardError)")
        #expect(refused.standardError.contains("csv: { delimiter: \";\" }"), "\(refused.standardError)")
        #expect(!refused.standardError.contains("person1@example.com"))
        #expect(!scenario.exists("out"))

        let profile = try scenario.writeProfile(
            named: "semicolon.yaml", base: "shop.yaml", source: source, target: "out/", tables: Self.tables,
            extra: "csv: { delimiter: \";\" }")
        let run = try scenario.veil(["run", profile, "--quiet"])
        #expect(run.status == 0, "\(run.standardError)")
        let masked = try String(contentsOfFile: scenario.directory.file("out/people.csv"), encoding: .utf8)
        let lines = masked.split(separator: "\n")
        #expect(lines.first == "id,email,ssn")
        #expect(lines.count == Self.rows.count + 1)
        for (index, line) in lines.dropFirst().enumerated() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            #expect(fields.count == 3)
            #expect(fields.first.map(String.init) == "\(index + 1)")
            #expect(fields[1].contains("@") && fields[1] != "person\(index + 1)@example.com")
            #expect(fields[2].count == 11 && !Self.csv.contains(String(fields[2])))
        }
    }

    @Test("veil scan refuses the file with the hint, and with --csv-delimiter writes `csv:` into the skeleton")
    func scanRecordsTheDelimiter() throws {
        let scenario = Scenario()
        let source = scenario.directory.write(Self.csv, to: "people.csv")
        let refused = try scenario.veil(["scan", source])
        #expect(refused.status == 66, "\(refused.standardError)")
        #expect(refused.standardError.contains("--csv-delimiter"))
        let scan = try scenario.veil(["scan", source, "--csv-delimiter", ";"])
        #expect(scan.status == 0, "\(scan.standardError)")
        #expect(scan.standardOutput.contains("csv: { delimiter: \";\", quote: \"\\\"\" }"), "\(scan.standardOutput)")
        #expect(scan.standardOutput.contains("      ssn: "))
    }
}
