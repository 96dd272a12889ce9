/// The PostgreSQL types the generator draws payload columns from (columns without personal data, which a
/// confirmed skeleton keeps, so every one is compared byte for byte), each with a maker of SQL literals that
/// include the type's edge values.
struct TortureType: Sendable {
    /// The column type as written in DDL.
    let sql: String
    /// A short name for column names (`c_numeric`).
    let label: String
    /// A literal of the type for row `row`.
    let value: @Sendable (inout TortureRandom, Int) -> String
}

enum TortureCatalogue {
    /// Text with the characters that break line-based formats: tab, newline, CR, backslash, quotes, emoji,
    /// combining marks, a lone `\.` line and `\N`.
    static func awkwardText(_ random: inout TortureRandom, _ row: Int) -> String {
        let pieces = [
            "plain", "tab\there", "line\nbreak", "carriage\rreturn", "back\\slash", "quote'd \"double\"",
            "emoji 🦊🏳️‍🌈", "combining e\u{301} a\u{308}", "\\.", "\\N", "", " spaced ", "CRLF\r\nend", "ünïcødé ß",
        ]
        return pieces[(row + random.int(0...pieces.count - 1)) % pieces.count] + " r\(row)"
    }

    static let types: [TortureType] = [
        TortureType(sql: "text", label: "text") { random, row in SQLText.literal(awkwardText(&random, row)) },
        TortureType(sql: "varchar(24)", label: "varchar") { random, row in
            SQLText.literal(String(awkwardText(&random, row).prefix(24)))
        },
        TortureType(sql: "char(5)", label: "char") { random, _ in SQLText.literal(random.pick(["ab", "x y", "ü", ""]))
        },
        TortureType(sql: "integer", label: "int") { random, _ in
            random.pick(["0", "-1", "2147483647", "-2147483648", "\(random.int(-1000...1000))"])
        },
        TortureType(sql: "bigint", label: "bigint") { random, _ in
            random.pick(["9223372036854775807", "-9223372036854775808", "9007199254740993", "\(random.int(0...99999))"])
        },
        TortureType(sql: "numeric(12,4)", label: "numeric") { random, _ in
            random.pick(["0", "-0.0001", "12345678.1234", "'NaN'", "\(random.int(-999...999)).5"])
        },
        TortureType(sql: "real", label: "real") { random, _ in
            random.pick(["'NaN'", "'Infinity'", "'-Infinity'", "1.5e-30", "-0", "3.4028235e38", "0.1"])
        },
        TortureType(sql: "double precision", label: "double") { random, _ in
            random.pick(["'NaN'", "'Infinity'", "'-Infinity'", "1e-308", "-0", "0.1", "1.7976931348623157e308"])
        },
        TortureType(sql: "money", label: "money") { random, _ in random.pick(["'12.34'", "'-0.01'", "'1000000'"]) },
        TortureType(sql: "boolean", label: "bool") { random, _ in random.pick(["true", "false", "NULL"]) },
        TortureType(sql: "date", label: "date") { random, _ in
            random.pick(["'2024-02-29'", "'infinity'", "'-infinity'", "'0001-01-01'", "'4713-01-01 BC'"])
        },
        TortureType(sql: "timestamp", label: "ts") { random, _ in
            random.pick(["'2024-02-29 23:59:59.999999'", "'infinity'", "'-infinity'", "'1970-01-01 00:00'"])
        },
        TortureType(sql: "timestamptz", label: "tstz") { random, _ in
            random.pick(["'2024-06-01 12:00+05:30'", "'infinity'", "'-infinity'", "'2000-01-01 00:00Z'"])
        },
        TortureType(sql: "interval", label: "interval") { random, _ in
            random.pick(["'1 year 2 mons -3 days 04:05:06.7'", "'0'", "'-178000000 years'", "'P1Y2M'"])
        },
        TortureType(sql: "uuid", label: "uuid") { random, _ in
            let hex = String(random.next(), radix: 16)
            let padded = String(repeating: "0", count: 16 - hex.count) + hex
            return "'\(padded.prefix(8))-\(padded.dropFirst(8).prefix(4))-4\(padded.suffix(3))-8000-00000000abcd'"
        },
        TortureType(sql: "bytea", label: "bytea") { random, _ in
            random.pick([
                "'\\x00ff0a0d5c'::bytea", "''::bytea", "'\\x2c22275c4e'::bytea", "decode(repeat('ab', 300), 'hex')",
            ])
        },
        TortureType(sql: "inet", label: "inet") { random, _ in
            random.pick(["'192.0.2.1/24'", "'::1'", "'2001:db8::5/64'"])
        },
        TortureType(sql: "cidr", label: "cidr") { random, _ in random.pick(["'10.0.0.0/8'", "'2001:db8::/32'"]) },
        TortureType(sql: "macaddr", label: "mac") { random, _ in
            random.pick(["'08:00:2b:01:02:03'", "'00:00:00:00:00:00'"])
        },
        TortureType(sql: "macaddr8", label: "mac8") { random, _ in random.pick(["'08:00:2b:01:02:03:04:05'"]) },
        TortureType(sql: "json", label: "json") { random, _ in
            random.pick(["'{\"a\": [1, 2.50, null], \"b\": \"x\\ty\"}'", "'[]'", "'\"\\u00e9\\\\\"'", "'null'"])
        },
        TortureType(sql: "jsonb", label: "jsonb") { random, _ in
            random.pick(["'{\"k\": {\"n\": 1e3}, \"u\": \"ü🦊\"}'", "'[{\"x\": null}]'", "'{}'", "'1'"])
        },
        TortureType(sql: "text[]", label: "texts") { random, _ in
            random.pick([
                "ARRAY['a,b', NULL, 'q\"uote', E'back\\\\slash', '']", "'{{a,b},{c,NULL}}'::text[]", "'{}'::text[]",
                "ARRAY[E'tab\\there', 'NULL', ' ']",
            ])
        },
        TortureType(sql: "integer[]", label: "ints") { random, _ in
            random.pick(["'{1,2,NULL}'", "'{{1,2},{3,4}}'", "'{}'"])
        },
        TortureType(sql: "int4range", label: "irange") { random, _ in
            random.pick(["'[1,10)'", "'empty'", "'(,5]'", "'[3,)'"])
        },
        TortureType(sql: "daterange", label: "drange") { random, _ in
            random.pick(["'[2024-01-01,2024-02-01)'", "'empty'", "'[2024-01-01,infinity)'"])
        },
        TortureType(sql: "public.tt_mood", label: "mood") { random, _ in random.pick(["'happy'", "'it''s'", "'ünï'"]) },
        TortureType(sql: "public.tt_pair", label: "pair") { random, row in
            random.pick(["ROW('x, y', \(row))", "ROW(NULL, NULL)", "ROW(E'q\"\\\\', -1)"])
        },
        TortureType(sql: "public.tt_code", label: "code") { random, row in "'c\(row % 1000)'" },
        TortureType(sql: "bit(8)", label: "bit") { random, _ in random.pick(["B'10101010'", "B'00000000'"]) },
        TortureType(sql: "varbit", label: "varbit") { random, _ in random.pick(["B''", "B'1'", "B'0110011'"]) },
        TortureType(sql: "tsvector", label: "tsv") { random, _ in
            random.pick(["'fat:2,4 cat:3 rat:5A'", "''", "'''a b'' c'"])
        },
        TortureType(sql: "xml", label: "xml") { random, _ in random.pick(["'<a x=\"1\">t &amp; u</a>'", "'text only'"])
        },
        TortureType(sql: "int4multirange", label: "multirange") { random, _ in
            random.pick(["'{[1,3), [5,8)}'", "'{}'", "'{(,0]}'"])
        },
        TortureType(sql: "citext", label: "citext") { random, row in SQLText.literal(awkwardText(&random, row)) },
        TortureType(sql: "hstore", label: "hstore") { random, _ in
            random.pick(["'a=>1, \"b c\"=>NULL'", "''", "'\"q\\\\\"=>\"x,y\"'"])
        },
        // One value of a megabyte (in the first row only, so outputs stay small), the rest short.
        TortureType(sql: "text", label: "big") { random, row in
            row == 0 ? "repeat(E'ab\\tc\\\\', 262144)" : SQLText.literal(awkwardText(&random, row))
        },
        TortureType(sql: "point", label: "point") { random, _ in random.pick(["'(1,2)'", "'(-1.5,1e10)'"]) },
    ]

    /// The types and domains every schema's types refer to (in `public`, created once).
    static let prelude = """
        CREATE EXTENSION IF NOT EXISTS citext;
        CREATE EXTENSION IF NOT EXISTS hstore;
        CREATE TYPE public.tt_contact AS (name text, email text);
        CREATE DOMAIN public.tt_email AS text CONSTRAINT tt_email_shape CHECK (VALUE LIKE '%_@_%');
        CREATE TYPE public.tt_mood AS ENUM ('happy', 'it''s', 'ünï');
        CREATE TYPE public.tt_pair AS (label text, n integer);
        CREATE DOMAIN public.tt_code AS text CONSTRAINT tt_code_short CHECK (char_length(VALUE) <= 6);

        """
}
