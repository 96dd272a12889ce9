import Foundation

/// SQLite literals for generated rows, of every storage class, with the edge values SQLite's own type system has:
/// integers at ±2^63 and past 2^53, reals at ±inf (`1e999`), subnormal and negative zero, text that looks like a
/// number, a blob's hex or `Infinity`, blobs empty and binary. Written with `char()` for control characters, so a
/// script survives any way it is fed to the `sqlite3` shell.
enum TortureSQLiteLiteral {
    /// `text` as a SQLite string expression: `'…'` with `''`, tabs, newlines and CRs as `char(n)`.
    static func text(_ text: String) -> String {
        var parts: [String] = []
        var current = ""
        for scalar in text.unicodeScalars {
            if scalar == "\t" || scalar == "\n" || scalar == "\r" {
                parts.append("'" + current + "'")
                parts.append("char(\(scalar.value))")
                current = ""
            } else {
                current += scalar == "'" ? "''" : String(scalar)
            }
        }
        parts.append("'" + current + "'")
        let kept = parts.filter { $0 != "''" }
        if kept.isEmpty { return "''" }
        return kept.count == 1 ? kept[0] : "(" + kept.joined(separator: " || ") + ")"
    }

    /// `bytes` as a blob literal `X'…'`.
    static func blob(_ bytes: [UInt8]) -> String {
        "X'" + bytes.map { String(format: "%02X", $0) }.joined() + "'"
    }

    /// `name` as a quoted identifier.
    static func quoted(_ name: String) -> String { SQLText.quoted(name) }

    static let integers = [
        "0", "-1", "1", "42", "9007199254740993", "-9007199254740993", "9223372036854775807", "-9223372036854775808",
    ]
    static let reals = [
        "1e999", "-1e999", "0.1", "-0.0", "1.5", "3.0", "2.5e-300", "4.9e-324", "1e300", "123456789.125",
        "-2.2250738585072014e-308", "1.7976931348623157e308",
    ]
    /// Text that other classes, or other text, could be taken for.
    static let texts = [
        "'Infinity'", "'-Infinity'", "'42'", "'1e999'", "'\\x41'", "''", "'NaN'", "' 7 '", "'0x10'",
        "'9223372036854775808'", "'NULL'", "'\\N'", "'x''y'", "'日本語'", "'emoji 🦊🏳️‍🌈'", "'-0'",
    ]
    /// Blobs of two bytes at most, the same in many columns: a column `veil scan` suggests `null` for ("a
    /// picture?") makes its originals of eight characters or more (a blob as `\x` and hex) secrets anywhere
    /// (README, Leak verification), so a longer blob shared with a kept column would fail the run's leak check.
    static let blobs = ["X''", "X'00'", "X'04'", "X'00FF'"]

    /// A longer blob, drawn anew each time: text bytes with a NUL, or binary, and a random tail.
    static func longBlob(_ random: inout TortureRandom) -> String {
        let drawn = drawLongBlob(&random)
        return blob(drawn.head + drawn.tail)
    }

    /// A longer blob for a BLOB column (which `veil scan` suggests `null` for), with a head no other column's blob
    /// has. With a head shared with ``longBlob(_:)``, a short one (`DEADBEEF8F`) could be the start of a kept
    /// column's longer one (`DEADBEEF8FB6B5…`, seed 300): the leak check then rightly finds a nulled original
    /// inside a kept field and fails the run — a coincidence of the generator, not of Veil. The same draws as
    /// ``longBlob(_:)``, so every other value of a seed stays as it was.
    static func nulledColumnBlob(_ random: inout TortureRandom) -> String {
        blob([0xB1, 0x0B, 0x5E] + drawLongBlob(&random).tail)
    }

    private static func drawLongBlob(_ random: inout TortureRandom) -> (head: [UInt8], tail: [UInt8]) {
        let tail = withUnsafeBytes(of: random.next()) { Array($0) }
        let head = random.pick([Array("a,b\n\"c\"".utf8) + [0], [0xDE, 0xAD, 0xBE, 0xEF], [0x00, 0xFF, 0x10]])
        return (head, Array(tail.prefix(random.int(1...8))))
    }
}

/// A declared column type of a generated SQLite table, with the literals it may hold: in an ordinary table any
/// storage class (the column's affinity converts what it can), in a STRICT table only what SQLite accepts there.
struct TortureSQLiteType: Sendable {
    /// The type as declared (empty: an untyped column).
    let declared: String
    /// A short name for column names (`c_real`).
    let label: String
    /// Whether a STRICT table may declare it.
    let strict: Bool
    let value: @Sendable (inout TortureRandom, Int) -> String

    /// Any class at all: an integer, a real, text, a blob or NULL.
    static func anything(_ random: inout TortureRandom, _ row: Int) -> String {
        switch random.int(0...9) {
        case 0, 1: return random.pick(TortureSQLiteLiteral.integers + ["\(random.int(-99999...99999))"])
        case 2, 3: return random.pick(TortureSQLiteLiteral.reals)
        case 4, 5: return random.pick(TortureSQLiteLiteral.texts)
        case 6: return TortureSQLiteLiteral.text(TortureCatalogue.awkwardText(&random, row))
        case 7: return random.pick(TortureSQLiteLiteral.blobs)
        case 8: return TortureSQLiteLiteral.longBlob(&random)
        default: return "NULL"
        }
    }

    static let catalogue: [TortureSQLiteType] = [
        TortureSQLiteType(declared: "", label: "untyped", strict: false) { random, row in anything(&random, row) },
        TortureSQLiteType(declared: "ANY", label: "any", strict: true) { random, row in anything(&random, row) },
        TortureSQLiteType(declared: "INTEGER", label: "integer", strict: true) { random, row in
            random.chance(0.8)
                ? random.pick(TortureSQLiteLiteral.integers + ["\(row)", "NULL"]) : anything(&random, row)
        },
        TortureSQLiteType(declared: "INT", label: "int", strict: true) { random, row in
            random.chance(0.8) ? random.pick(TortureSQLiteLiteral.integers + ["\(row * 7)"]) : anything(&random, row)
        },
        TortureSQLiteType(declared: "REAL", label: "real", strict: true) { random, row in
            random.chance(0.8) ? random.pick(TortureSQLiteLiteral.reals + ["\(row).25"]) : anything(&random, row)
        },
        TortureSQLiteType(declared: "TEXT", label: "text", strict: true) { random, row in
            random.chance(0.7)
                ? TortureSQLiteLiteral.text(TortureCatalogue.awkwardText(&random, row))
                : random.chance(0.5) ? random.pick(TortureSQLiteLiteral.texts) : anything(&random, row)
        },
        // Blobs only (or NULL): a BLOB column is the one `veil scan` suggests `null` for, and every original of 8
        // bytes or more there is then watched in every other column (a generic text would be found kept there).
        TortureSQLiteType(declared: "BLOB", label: "blob", strict: true) { random, row in
            random.chance(0.3)
                ? TortureSQLiteLiteral.nulledColumnBlob(&random)
                : random.pick(TortureSQLiteLiteral.blobs + ["NULL"])
        },
        TortureSQLiteType(declared: "NUMERIC", label: "numeric", strict: false) { random, row in
            random.chance(0.5)
                ? random.pick(["10", "10.5", "'abc'", "'1e999'", "'9223372036854775807'", "2e20"])
                : anything(&random, row)
        },
        TortureSQLiteType(declared: "BOOLEAN", label: "bool", strict: false) { random, row in
            random.chance(0.7)
                ? random.pick(["0", "1", "'yes'", "'t'", "'false'", "2", "NULL"]) : anything(&random, row)
        },
        TortureSQLiteType(declared: "\"VARCHAR(3) WITH TIME ZONE\"", label: "oddtype", strict: false) { random, row in
            anything(&random, row)
        },
        TortureSQLiteType(declared: "DATE", label: "date", strict: false) { random, row in
            random.chance(0.7)
                ? random.pick(["'2024-02-29'", "'0000-01-01'", "2460000.5", "1700000000", "'now'"])
                : anything(&random, row)
        },
        TortureSQLiteType(declared: "DOUBLE PRECISION", label: "double", strict: false) { random, row in
            random.chance(0.7) ? random.pick(TortureSQLiteLiteral.reals) : anything(&random, row)
        },
    ]

    /// The literal for a column of this type in a table that is STRICT or not: a STRICT column only gets values of
    /// its own class (an INTEGER column an integer, a REAL column an integer or a real), or NULL.
    func literal(_ random: inout TortureRandom, _ row: Int, strictTable: Bool) -> String {
        guard strictTable else { return value(&random, row) }
        switch declared {
        case "INTEGER", "INT": return random.pick(TortureSQLiteLiteral.integers + ["\(row)", "NULL"])
        case "REAL": return random.pick(TortureSQLiteLiteral.reals + TortureSQLiteLiteral.integers + ["NULL"])
        case "TEXT":
            return random.chance(0.6)
                ? TortureSQLiteLiteral.text(TortureCatalogue.awkwardText(&random, row))
                : random.pick(TortureSQLiteLiteral.texts)
        case "BLOB": return value(&random, row)
        default: return value(&random, row)
        }
    }
}
