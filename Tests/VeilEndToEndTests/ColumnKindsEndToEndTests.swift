import Foundation
import Testing
import VeilTestSupport

/// Column kinds a text rule cannot write: `veil check` refuses each before a row is read, naming the column and the
/// rules that fit; domain CHECKs are verified like column ones; a CHECK Veil cannot evaluate is named.
@Suite("column kinds end to end")
struct ColumnKindsEndToEndTests {
    static let dump = """
        --
        -- PostgreSQL database dump
        --

        SET client_encoding = 'UTF8';
        SET standard_conforming_strings = on;

        CREATE TYPE public.mood AS ENUM (
            'happy',
            'sad'
        );

        CREATE TYPE public.address AS (
            street text,
            city text
        );

        CREATE TYPE public.floatrange AS RANGE (
            subtype = double precision
        );

        CREATE DOMAIN public.short_code AS text
            CONSTRAINT short_code_check CHECK ((char_length(VALUE) <= 4));

        CREATE DOMAIN public.corp_email AS text
            CONSTRAINT corp_email_check CHECK ((VALUE ~~ '%@corp.example'::text));

        CREATE TABLE public.events (
            id integer NOT NULL,
            region text NOT NULL,
            feeling public.mood,
            home public.address,
            span public.floatrange,
            code public.short_code,
            contact public.corp_email,
            stay daterange
        )
        PARTITION BY LIST (region);

        CREATE TABLE public.events_eu (
            id integer NOT NULL,
            region text NOT NULL,
            feeling public.mood,
            home public.address,
            span public.floatrange,
            code public.short_code,
            contact public.corp_email,
            stay daterange
        );

        ALTER TABLE ONLY public.events ATTACH PARTITION public.events_eu FOR VALUES IN ('eu');

        COPY public.events_eu (id, region, feeling, home, span, code, contact, stay) FROM stdin;
        1\teu\thappy\t(Main St,Paris)\t[1.5,2.5)\tab\tann@corp.example\t[2024-01-01,2024-02-01)
        2\teu\tsad\t(High St,Lyon)\t[3,4)\tabcd\tbob@corp.example\t[2024-03-01,2024-03-09)
        \\.

        --
        -- PostgreSQL database dump complete
        --

        """

    static func profile(_ scenario: Scenario, _ dump: String, name: String, columns: [String: String]) throws
        -> String
    {
        let all = [
            "id": "keep", "region": "keep", "feeling": "keep", "home": "keep", "span": "keep", "code": "keep",
            "contact": "keep", "stay": "keep",
        ].merging(columns) { _, new in new }
        let lines = all.keys.sorted().map { "          \($0): \(all[$0]!)" }.joined(separator: "\n")
        return try scenario.writeProfile(
            named: name, base: "shop.yaml", source: dump,
            tables: "\ntables:\n  public.events:\n    columns:\n" + lines + "\n")
    }

    @Test(
        "check refuses a text rule on a composite, choices outside an enum, shift_date on a range, a masked partition key"
    )
    func refused() throws {
        let scenario = Scenario()
        let dump = scenario.directory.write(Self.dump, to: "events.sql")
        let cases: [(column: String, rule: String, message: String)] = [
            ("home", "fake.street_address", "public.events.home is of composite type public.address"),
            (
                "feeling", "{ rule: fake.choice, values: [happy, angry] }",
                "not its labels; choose values among (happy, sad)"
            ),
            ("feeling", "fake.first_name", "public.events.feeling is of enum type public.mood"),
            ("span", "shift_date", "public.events.span is of range type public.floatrange"),
            ("stay", "shift_date", "public.events.stay is of range type daterange"),
            ("stay", "fake.word", "public.events.stay is of range type daterange"),
            ("region", "fake.city", "public.events.region is the partition key of public.events"),
        ]
        for (index, item) in cases.enumerated() {
            let profile = try Self.profile(scenario, dump, name: "p\(index).yaml", columns: [item.column: item.rule])
            let check = try scenario.veil(["check", profile])
            #expect(check.status == 3, "\(item.column): \(check.standardOutput)")
            #expect(check.standardError.contains(item.message), "\(item.column): \(check.standardError)")
        }
        let fitting = try Self.profile(
            scenario, dump, name: "fits.yaml",
            columns: ["feeling": "{ rule: fake.choice, values: [happy, sad] }", "home": "null", "span": "null"])
        let accepted = try scenario.veil(["check", fitting])
        #expect(accepted.status == 0, "\(accepted.standardError)")
    }

    @Test(
        "a domain's CHECK is verified on masked values (exit 3 naming it); one Veil cannot evaluate is named by check")
    func domainChecks() throws {
        let scenario = Scenario()
        let dump = scenario.directory.write(Self.dump, to: "events.sql")
        let profile = try Self.profile(
            scenario, dump, name: "p.yaml", columns: ["code": "fake.email", "contact": "email"])
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        let check = try scenario.veil(["check", profile])
        #expect(check.status == 0, "\(check.standardError)")
        #expect(
            check.standardOutput.contains("public.events.contact (email): its domain's CHECK corp_email_check"),
            "\(check.standardOutput)")
        let run = try scenario.veil(["run", profile, "--quiet"])
        #expect(run.status == 3, "\(run.standardError)")
        #expect(run.standardError.contains("short_code_check"), "\(run.standardError)")
        #expect(!scenario.exists("masked.sql"))
    }

    @Test("veil scan suggests only rules that fit each kind: its skeleton passes check as written")
    func scanFitsKinds() throws {
        let scenario = Scenario()
        scenario.directory.write(Self.dump, to: "events.sql")
        let scan = try ScanEndToEndTests.veil(scenario, ["scan", "events.sql", "--out", "skeleton.yaml"])
        #expect(scan.status == 0, "\(scan.standardError)")
        #expect(try ScanEndToEndTests.veil(scenario, ["keys", "init", "skeleton.yaml"]).status == 0)
        let check = try ScanEndToEndTests.veil(scenario, ["check", "skeleton.yaml"])
        #expect(check.status == 0, "\(check.standardError)")
        let yaml = try String(contentsOfFile: scenario.directory.file("skeleton.yaml"), encoding: .utf8)
        for column in ["region", "home", "span", "feeling"] {
            let rule = try #require(ScanEndToEndTests.rule(yaml, table: "events", column: column), "\(column)")
            #expect(
                rule.hasPrefix("keep") || rule.hasPrefix("{ rule: keep") || rule.hasPrefix("null")
                    || rule.contains("fake.choice"), "\(column): \(rule)")
        }
    }
}
