import Testing
import VeilTestSupport
import Yams

@testable import VeilProfile

/// The scanner that refuses anchors, aliases and tags before Yams builds a tree must see exactly what libyaml sees:
/// an anchor it missed would let a bomb through, one it imagined would refuse a valid profile.
@Suite("YAML property scanner")
struct YAMLPropertyScannerTests {
    typealias Kind = YAMLPropertyScanner.Occurrence.Kind

    static func kinds(_ yaml: String) -> [Kind] { YAMLPropertyScanner.occurrences(in: yaml).map(\.kind) }

    @Test(
        "finds anchors, aliases and tags where libyaml reads them",
        arguments: [
            ("a: &x 1\nb: *x\n", [Kind.anchor, .alias]),
            ("[&x a, *x]", [.anchor, .alias]),
            ("{a: *x}", [.alias]),
            ("{\"a\":*x}", [.alias]),
            ("- &x\n  - a\n- *x\n", [.anchor, .alias]),
            ("? *x\n: v\n", [.alias]),
            ("*x : v\n", [.alias]),
            ("a: !!binary AAAA\nb: !t &y x\n", [.tag, .tag, .anchor]),
            ("--- &x\na: 1\n", [.anchor]),
            ("a: |\nb: *x\n", [.alias]),
            ("- a: |\n   text *no\n  b: *x\n", [.alias]),
            ("a: b\n  c *no\n'd': *x\n", [.alias]),
        ])
    func finds(yaml: String, expected: [Kind]) {
        #expect(Self.kinds(yaml) == expected, "\(yaml)")
    }

    @Test(
        "takes no text for an anchor, alias or tag",
        arguments: [
            "a: 'x &y *z !t'\n", "a: \"x \\\" &y *z\"\n", "a: b & c * d ! e\n", "# &x *y !z\n", "a: |\n  *x &y !z\n",
            "a: >-\n  &x\n\n  *y\n", "a: plain\n  *continued &line\n", "a: \"multi\n  *line\"\n", "[a*b, c&d]\n",
            "a: |2\n   *x\n", "a: x#*y\n", "a:\n- 'q\n  *z'\n", "{a: \"$.items[*].c\"}\n", "%YAML 1.1\n--- x\n",
        ])
    func ignoresText(yaml: String) {
        #expect(Self.kinds(yaml).isEmpty, "\(yaml)")
    }

    @Test("counts lines and columns in characters, as libyaml does")
    func positions() {
        let found = YAMLPropertyScanner.occurrences(in: "é: x\r\nb: [ü, &a x]\n")
        #expect(found.map { [$0.line, $0.column] } == [[2, 8]])
        // LS (U+2028) and NEL (U+0085) break lines as LF does; other multi-byte characters do not.
        let breaks = YAMLPropertyScanner.occurrences(in: "a: x €\u{2028}b: *y # €\u{85}c: [ü, *z]\n")
        #expect(breaks.map { [$0.line, $0.column] } == [[2, 4], [3, 8]])
        let long = YAMLPropertyScanner.occurrences(in: "a: " + String(repeating: "é€x", count: 1000) + " *y\nb: *z\n")
        #expect(long.map { [$0.line, $0.column] } == [[2, 4]])
    }

    /// Pieces of YAML, tricky ones included, joined at random into texts that are checked against Yams.
    static let fragments = [
        "a", "b: ", "- ", "? ", ": ", ":", "&x ", "*x", "&y", "*y ", "[", "]", "{", "}", ", ", ",", "'q &a *b'",
        "'it''s &z'", "\"d \\\" &c\"", "\"e\\\n *f\"", "# &c *d", "|", "|2", ">-", "|+1", "!!str ", "!t ", "!<u> ",
        "\n", "\n", "\n  ", "\n    ", "\n - ", "\n- ", "x *y &z", "p:q", "---\n", "...\n", "\t", " ", "  ", "é",
        "\r\n", "a # b", ":x", "-x", "?x", "'", "\"", "%YAML 1.1\n", "k: &x v\n", "k: *x\n", "[*x]", "{*x : 1}",
    ]

    /// Whether Yams reads an anchor in `yaml` (`nil`: Yams refuses the text). Anchors are weak references the
    /// parser holds, so the tree is read while the parser lives.
    static func yamsSeesAnchor(_ yaml: String) -> Bool? {
        guard let parser = try? Parser(yaml: yaml, resolver: .default, constructor: .default, encoding: .utf8),
            let root = try? parser.singleRoot()
        else { return nil }
        return withExtendedLifetime(parser) { hasAnchor(root, depth: 0) }
    }

    private static func hasAnchor(_ node: Node, depth: Int) -> Bool {
        if node.anchor != nil { return true }
        guard depth < 64 else { return false }
        switch node {
        case .mapping(let mapping):
            return mapping.contains { hasAnchor($0.key, depth: depth + 1) || hasAnchor($0.value, depth: depth + 1) }
        case .sequence(let sequence): return sequence.contains { hasAnchor($0, depth: depth + 1) }
        default: return false
        }
    }

    @Test("agrees with libyaml on 40,000 random texts: an anchor exactly where Yams reads one")
    func agreesWithLibyaml() {
        var random = SeededGenerator(seed: 0x5EED)
        var composed = 0
        var withAnchors = 0
        var disagreements: [String] = []
        for _ in 0..<40_000 {
            let count = 1 + Int(random.next() % 20)
            let yaml = (0..<count).map { _ in Self.fragments[Int(random.next() % UInt64(Self.fragments.count))] }
                .joined()
            guard let seen = Self.yamsSeesAnchor(yaml) else { continue }
            composed += 1
            if seen { withAnchors += 1 }
            let scanned = Self.kinds(yaml).contains(.anchor)
            if scanned != seen && disagreements.count < 10 { disagreements.append(yaml) }
        }
        #expect(disagreements.isEmpty, "\(disagreements)")
        #expect(composed > 5_000, "texts Yams composed: \(composed)")
        #expect(withAnchors > 300, "of which with anchors: \(withAnchors)")
    }
}
