import Foundation
import Testing
import VeilCore
import VeilProfile

/// Profiles built (or pasted by mistake) to exhaust the machine or to hide where they are wrong: each is refused
/// at once, with a problem at its `file:line:column`, and no message repeats more than a short cut of what it read.
@Suite("Hostile profiles")
struct HostileProfileTests {
    static let header = "version: 1\nkeys:\n  store: k\n  passphrase: env:P\n"

    /// "Billion laughs" with `levels` anchors of nine aliases each (9^levels nodes expanded), one per line, from
    /// line `header + 5` on, inside a rule parameter (or, with `asKey`, used once more as a map key).
    static func bomb(levels: Int, asKey: Bool = false) -> String {
        var yaml = header + "tables:\n  t:\n    columns:\n      notes:\n        rule: redact\n"
        yaml += "        l0: &l0 [x, x, x, x, x, x, x, x, x]\n"
        for level in 1..<levels {
            let aliases = Array(repeating: "*l\(level - 1)", count: 9).joined(separator: ", ")
            yaml += "        l\(level): &l\(level) [\(aliases)]\n"
        }
        if asKey { yaml += "        k: { *l\(levels - 1) : 1 }\n" }
        return yaml
    }

    @Test(
        "an alias bomb in a rule parameter or a map key is refused in well under a second, at its first anchor",
        arguments: [(3, false), (9, false), (3, true), (9, true)])
    func aliasBombIsRefusedAtOnce(levels: Int, asKey: Bool) {
        let clock = ContinuousClock()
        var found: [ProfileProblem] = []
        let elapsed = clock.measure { found = problems(in: Self.bomb(levels: levels, asKey: asKey)) }
        #expect(elapsed < .seconds(1), "took \(elapsed)")
        #expect(found.count == 1)
        #expect(found.first?.location == SourceLocation(file: "p.yaml", line: 10, column: 13))
        #expect(found.first?.message.contains("anchors and aliases are not supported") == true, "\(found)")
    }

    @Test(
        "an anchor or alias anywhere is one problem at the first of them",
        arguments: [
            ("source: &s prod.sql\ntarget: *s\n", 5, 9),
            ("source: prod.sql\ntarget: *s\n", 6, 9),
            ("tables:\n  t: &t keep\n  u: *t\n", 6, 6),
            ("tables: { t: { columns: { a: [*x] } } }\n", 5, 31),
            ("subset:\n  ? &k t\n  : 'id > 1'\n", 6, 5),
            ("tables:\n  t:\n    columns:\n      a: &n keep\n", 8, 10),
        ])
    func anchorsAndAliasesAreRefused(tail: String, line: Int, column: Int) {
        let found = problems(in: Self.header + tail)
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.location == SourceLocation(file: "p.yaml", line: line, column: column))
        #expect(found.first?.message.contains("anchors and aliases are not supported") == true)
    }

    @Test("& and * in quoted, plain and block scalars and in comments are text: such a profile loads")
    func ampersandsAndAsterisksInTextAreNotAnchors() throws {
        let yaml =
            Self.header + """
                # a comment with &anchor and *alias
                source: "prod*.sql"   # &not *either
                tables:
                  t:
                    columns:
                      a: { rule: redact, review: price * 2 & more }
                      b: { rule: json, paths: { "$.items[*].c": null, '$.x[*]': redact } }
                      c:
                        rule: redact
                        review: >
                          *folded &text
                          - *still text
                      d: { rule: redact, review: 'it''s &x' }
                subset:
                  t: |
                    *literal &block
                    a & b
                """
        let profile = try ProfileLoader.parse(yaml, file: "p.yaml")
        #expect(profile.source == "prod*.sql")
        #expect(profile.subset["t"] == "*literal &block\na & b")
    }

    @Test("a byte that is not UTF-8 is reported at its line and column (in characters), as a profile problem")
    func notUTF8IsLocated() throws {
        var bytes = Data((Self.header + "source: é").utf8)
        bytes.append(contentsOf: [0xFF, 0x0A])
        let path = try TemporaryFile.write(bytes, mode: 0o600)
        defer { TemporaryFile.remove(path) }
        do {
            _ = try ProfileLoader.load(contentsOf: path)
            Issue.record("accepted a file that is not UTF-8")
        } catch let error as ProfileError {
            #expect(error.problems.map(\.location) == [SourceLocation(file: path, line: 5, column: 10)])
            #expect(error.description.contains("\(path):5:10: not UTF-8"))
            #expect(error.veilError.code == .usage)
        }
    }

    @Test("a UTF-16 file, a cut multi-byte character or a lone continuation byte is located too")
    func otherEncodingsAreLocated() throws {
        let cases: [([UInt8], Int, Int)] = [
            ([0xFF, 0xFE, 0x76, 0x00], 1, 1),
            (Array("version: 1\nsource: caf".utf8) + [0xC3], 2, 12),
            (Array("version: 1\n\n  ".utf8) + [0x80] + Array("x\n".utf8), 3, 3),
        ]
        for (bytes, line, column) in cases {
            let path = try TemporaryFile.write(Data(bytes), mode: 0o600)
            defer { TemporaryFile.remove(path) }
            #expect(throws: ProfileError.self) { try ProfileLoader.load(contentsOf: path) }
            do {
                _ = try ProfileLoader.load(contentsOf: path)
            } catch let error as ProfileError {
                #expect(error.problems.first?.location == SourceLocation(file: path, line: line, column: column))
            }
        }
    }

    @Test(
        "explicit tags, standard or not, are reported at their place",
        arguments: [
            ("source: !!binary aGVsbG8=\n", 5, 9),
            ("source: !custom prod.sql\n", 5, 9),
            ("tables:\n  t: { columns: { a: { rule: redact, x: !!binary AAAA } } }\n", 6, 41),
            ("tables: !!set { t }\n", 5, 9),
            ("jobs: !!float 2\n", 5, 7),
        ])
    func tagsAreLocated(tail: String, line: Int, column: Int) {
        let found = problems(in: Self.header + tail)
        let place = SourceLocation(file: "p.yaml", line: line, column: column)
        #expect(found.contains { $0.location == place && $0.message.contains("YAML tags") }, "\(found)")
    }

    @Test("a megabyte key is echoed cut to 64 characters and an ellipsis, its control characters escaped")
    func longAndControlNamesAreCut() {
        let long = String(repeating: "k", count: 1 << 20)
        let clock = ContinuousClock()
        var found: [ProfileProblem] = []
        let elapsed = clock.measure {
            // A key of more than 1024 characters is an explicit (`? `) key in YAML.
            found = problems(in: Self.header + "? \(long)\n: 1\ntables:\n  ? \(long)\n  : { rows: some }\n")
        }
        #expect(elapsed < .seconds(10), "took \(elapsed)")
        #expect(found.count == 2)
        let cut = String(repeating: "k", count: 64) + "…"
        #expect(found.allSatisfy { $0.message.contains(cut) && $0.message.count < 300 }, "\(found.map(\.message))")

        let escape = problems(in: Self.header + "\"a\\e[2Jb\\nc\": 1\n")
        #expect(escape.first?.message.contains("'a\\u{1B}[2Jb\\nc'") == true, "\(escape)")
        #expect(escape.first?.message.contains("\u{1B}") == false)
    }

    @Test("an access policy with anchors and aliases is refused at its first anchor, in milliseconds")
    func accessPolicyRefusesAnchors() {
        let policy = """
            roles:
              support: &r
                domains: [a]
                tokens_per_request: 1
                tokens_per_day: 2
              other: *r
            """
        #expect {
            try AccessPolicy.parse(policy, file: "policy.yaml")
        } throws: { error in
            let message = (error as? VeilError)?.message ?? ""
            return (error as? VeilError)?.code == .usage && message.contains("policy.yaml:2:12:")
                && message.contains("anchors and aliases are not supported")
        }
    }

    @Test("an access policy that is not UTF-8 names the line and column of its first bad byte")
    func accessPolicyNotUTF8() throws {
        let path = try TemporaryFile.write(Data("roles:\n  s\u{E9}".utf8.dropLast()) + Data([0x41]), mode: 0o600)
        defer { TemporaryFile.remove(path) }
        #expect {
            try AccessPolicy.load(contentsOf: path)
        } throws: { error in
            (error as? VeilError)?.message.contains("\(path):2:4: not UTF-8") == true
        }
    }
}
