import Foundation
import Testing
import VeilTestSupport

/// A profile built to exhaust the machine is refused at once, with the usage exit code and its place in the file.
@Suite("Hostile profiles end to end")
struct HostileProfileEndToEndTests {
    /// "Billion laughs": nine anchors of nine aliases each, 9^9 nodes once expanded, inside a rule parameter.
    static let bomb = """
        version: 1
        source: prod.sql
        keys:
          store: keys
          passphrase: env:VEIL_PASSPHRASE
        tables:
          public.customers:
            columns:
              id: keep
              notes:
                rule: redact
                a: &a [x, x, x, x, x, x, x, x, x]
                b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
                c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
                d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
                e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
                f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
                g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
                h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
                i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]

        """

    @Test("veil check on an alias bomb exits 64 within seconds, naming the first anchor's line and column")
    func aliasBombIsRefused() throws {
        let scenario = Scenario()
        let profile = scenario.directory.write(Self.bomb, to: "bomb.yaml")
        let started = Date()
        let check = try scenario.veil(["check", profile])
        let seconds = Date().timeIntervalSince(started)
        #expect(check.status == 64, "\(check.standardError)")
        #expect(check.standardError.contains("\(profile):12:12:"), "\(check.standardError)")
        #expect(check.standardError.contains("anchors and aliases are not supported"))
        #expect(seconds < 5, "refused in \(seconds) s")
    }
}
