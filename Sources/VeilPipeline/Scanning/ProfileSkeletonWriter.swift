import VeilCore

/// Writes a ``ProfileSkeleton`` as profile YAML: a header saying where it came from and how to confirm it, the
/// profile keys, and `tables:` with every table and every column in source order. Only rule names, arguments
/// and reasons are written, never a value.
package struct ProfileSkeletonWriter {
    let version: String

    package init(version: String) {
        self.version = version
    }

    package func yaml(_ skeleton: ProfileSkeleton) -> String {
        let marked = skeleton.marked.count
        var lines = [
            "# Profile skeleton written by `veil scan` (Veil \(version)) from \(skeleton.sourceDescription),",
            "# sampling at most \(skeleton.rowsPerTable) rows per table. Every table and column is listed with a "
                + "suggested rule;",
            "# no value of the source is written here. \(marked) suggestion(s) carry `review:`: check each rule, "
                + "change it if",
            "# needed, then delete its `review:` key to confirm it. `veil check` lists what is left to confirm, "
                + "and `veil run`",
            "# refuses while any `review:` remains. Read the unmarked rules too: they are suggestions.",
            "version: 1",
            "source: \(YAMLText.scalar(skeleton.source))",
        ]
        let targetLine = "target: \(YAMLText.scalar(skeleton.target))"
        lines.append(skeleton.targetComment.map { "\(targetLine)   # \($0)" } ?? targetLine)
        if skeleton.csv != .standard {
            lines.append(
                "csv: { delimiter: \(CSVDialect.spelled(skeleton.csv.delimiter)), "
                    + "quote: \(CSVDialect.spelled(skeleton.csv.quote)) }")
        }
        lines += [
            "keys:",
            "  store: .veil/keys",
            "  passphrase: env:VEIL_PASSPHRASE",
            "leak_check: fail",
            "tables:",
        ]
        for table in skeleton.tables {
            let key = YAMLText.scalar(tableKey(table.name, defaultSchema: skeleton.defaultSchema))
            if let parent = table.followsParent {
                let parentKey = tableKey(parent, defaultSchema: skeleton.defaultSchema)
                lines.append("  # \(key): a partition of \(parentKey), masked by its entry")
                continue
            }
            lines.append("  \(key):")
            lines.append("    columns:")
            for column in table.columns {
                lines.append("      \(YAMLText.scalar(column.column)): \(ruleText(column.rule))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `keep`, or `{ rule: NAME, ARG: VALUE, unique: true, review: "REASON" }`.
    func ruleText(_ rule: SuggestedRule) -> String {
        guard !rule.arguments.isEmpty || rule.unique || rule.review != nil else { return YAMLText.scalar(rule.name) }
        var parts = ["rule: \(YAMLText.scalar(rule.name))"]
        parts += rule.arguments.map {
            "\($0.name): \($0.isYAML ? $0.value : YAMLText.scalar($0.value, allowNumbers: true))"
        }
        if rule.unique { parts.append("unique: true") }
        if let review = rule.review { parts.append("review: \(YAMLText.quoted(review))") }
        return "{ " + parts.joined(separator: ", ") + " }"
    }

    /// A bare table name in the default schema, else `schema.table`; parts with a dot or quote are quoted.
    func tableKey(_ name: TableName, defaultSchema: String) -> String {
        func part(_ text: String) -> String {
            text.contains(".") || text.contains("\"")
                ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                : text
        }
        if name.schema.isEmpty || name.schema == defaultSchema { return part(name.name) }
        return part(name.schema) + "." + part(name.name)
    }
}

/// YAML scalars as a profile writes them: plain when unambiguous, double-quoted otherwise.
enum YAMLText {
    private static let reserved: Set<String> = [
        "null", "~", "true", "false", "yes", "no", "on", "off", "y", "n",
    ]

    /// `text` plain when it is a simple word (letters, digits, `_ . - /`, not starting with a digit or sign, not a
    /// YAML keyword), else double-quoted. `allowNumbers` writes integers plain (arguments such as `length: 16`).
    static func scalar(_ text: String, allowNumbers: Bool = false) -> String {
        if allowNumbers, Int(text) != nil { return text }
        guard let first = text.unicodeScalars.first,
            first.isASCIILetter || first == "_" || first == "." || first == "/",
            text.unicodeScalars.allSatisfy({
                $0.isASCIILetter || $0.isASCIIDigit || "_.-/:".unicodeScalars.contains($0)
            }),
            !reserved.contains(text.lowercased()), !text.contains(": "), !text.hasSuffix(":")
        else { return quoted(text) }
        return text
    }

    /// `"text"` with `\`, `"` and control characters escaped.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\x" + String(scalar.value, radix: 16).leftPadded(to: 2)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIILetter: Bool { (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value) }
    fileprivate var isASCIIDigit: Bool { (0x30...0x39).contains(value) }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
