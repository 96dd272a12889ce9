import Foundation
import Testing
import VeilTestSupport

/// `noise` and `shift_date` move every finite number and every date, and pass `NaN`, the infinities and infinite
/// dates through unchanged by a documented rule: under `leak_check: fail` a table full of zeros, ones and special
/// values runs clean, and nothing the rules moved is left equal to its original.
@Suite("noise and shift_date under the leak check, end to end")
struct SpecialNumbersLeakCheckEndToEndTests {
    static let columns = ["id", "amount", "quantity", "ratio", "taken", "seen"]

    /// Small and special values in every column the rules treat: numeric(10,2), integer, double precision, date and
    /// timestamp.
    static let dump = """
        CREATE TABLE public.readings (
            id integer NOT NULL,
            amount numeric(10,2),
            quantity integer,
            ratio double precision,
            taken date,
            seen timestamp without time zone
        );
        COPY public.readings (id, amount, quantity, ratio, taken, seen) FROM stdin;
        1\t0.00\t0\t0\tinfinity\tinfinity
        2\t1.00\t1\t1\t-infinity\t-infinity
        3\t0.01\t2\tNaN\t2024-01-01\t2024-01-01 10:00:00
        4\tNaN\t-1\tInfinity\t2000-02-29\t1999-12-31 23:59:59
        5\t-0.01\t3\t-Infinity\t1970-01-01\t2038-01-19 03:14:07
        6\t2.00\t10\t0.5\t2024-12-31\t2024-12-31 00:00:00
        \\.

        --
        -- PostgreSQL database dump complete
        --

        """

    static let tables = """

        tables:
          public.readings:
            columns:
              id: keep
              amount: noise
              quantity: noise
              ratio: noise
              taken: shift_date
              seen: shift_date
        """

    @Test("a run with leak_check: fail exits 0 and counts no leak; specials pass, every other value moved")
    func specialValuesAreNoLeak() throws {
        let scenario = Scenario()
        let dump = scenario.directory.write(Self.dump, to: "readings.sql")
        let profile = try scenario.writeProfile(
            base: "shop.yaml", source: dump, tables: Self.tables, extra: "leak_check: fail")
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        let report = scenario.directory.file("run.json")
        let run = try scenario.veil(["run", profile, "--quiet", "--report", report])
        #expect(run.status == 0, "\(run.standardError)")
        let data = try Data(contentsOf: URL(fileURLWithPath: report))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["leaksFound"] as? Int == 0)

        let specials: Set<String> = ["NaN", "Infinity", "-Infinity", "infinity", "-infinity"]
        let output = scenario.directory.file("masked.sql")
        for column in Self.columns.dropFirst() {
            let before = try DumpValues.values(in: dump, table: "public.readings", columns: [column])
            let after = try DumpValues.values(in: output, table: "public.readings", columns: [column])
            #expect(after.count == before.count, "\(column)")
            for (original, masked) in zip(before, after) {
                if specials.contains(original) {
                    #expect(masked == original, "\(column): a special value passes unchanged")
                } else {
                    #expect(masked != original, "\(column): every finite number and date moves")
                }
            }
        }
        let verify = try scenario.veil(["verify", profile])
        #expect(verify.status == 0, "\(verify.standardOutput)\(verify.standardError)")
    }
}
