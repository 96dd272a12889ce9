import Foundation
import Testing
import VeilCore
import VeilTestSupport

@testable import VeilConnectors

/// PostgreSQL generation expressions translated to SQLite (issue 15, item 9): the SQL for the subset, a named
/// failure outside it, and — against a real PostgreSQL — the same text as PostgreSQL stores, row for row.
@Suite("generation expressions: PostgreSQL → SQLite (unit, and against a live server)")
struct GenerationExpressionTests {
    static let table = TableSchema(
        name: TableName(schema: "public", name: "t"),
        columns: [
            Column(name: "id", type: "integer"), Column(name: "first_name", type: "character varying(40)"),
            Column(name: "last_name", type: "text"), Column(name: "price", type: "numeric(10,2)"),
            Column(name: "n", type: "bigint"), Column(name: "flag", type: "boolean"),
            Column(name: "Odd Name", type: "text"),
        ])

    static func translate(_ expression: String, type: String = "text") throws -> String {
        let column = Column(name: "g", type: type, isGenerated: true, generationExpression: expression)
        var table = Self.table
        table.columns.append(column)
        return try GenerationExpressionTranslator(table: table).translate(column)
    }

    @Test(
        "pg_get_expr output translates to SQLite",
        arguments: [
            (
                "(((first_name)::text || ' '::text) || last_name)", "text",
                "((\"first_name\" || ' ') || \"last_name\")"
            ),
            ("lower(\"Odd Name\")", "text", "lower(\"Odd Name\")"),
            ("((n / 2) % (7)::bigint)", "bigint", "((\"n\" / 2) % 7)"),
            ("('#'::text || (id)::text)", "text", "('#' || CAST(\"id\" AS TEXT))"),
            (
                "(upper(substr((first_name)::text, 1, 1)) || COALESCE(\"left\"(last_name, 1), ''::text))", "text",
                "(upper(substr(\"first_name\", 1, 1)) || coalesce(substr(\"last_name\", 1, 1), ''))"
            ),
            ("TRIM(BOTH FROM last_name)", "text", "trim(\"last_name\")"),
            ("TRIM(LEADING 'x'::text FROM last_name)", "text", "ltrim(\"last_name\", 'x')"),
            (
                "\nCASE\n    WHEN (id > 10) THEN 'big'::text\n    WHEN (id IS NULL) THEN NULL::text\n    ELSE 'O''Neil'::text\nEND",
                "text", "CASE WHEN (\"id\" > 10) THEN 'big' WHEN (\"id\" IS NULL) THEN NULL ELSE 'O''Neil' END"
            ),
            ("length(last_name)", "integer", "length(\"last_name\")"),
            ("(- id)", "integer", "(-\"id\")"),
        ])
    func translates(_ expression: String, _ type: String, _ expected: String) throws {
        #expect(try Self.translate(expression, type: type) == expected)
    }

    @Test(
        "outside the subset: a failure that names what did not translate",
        arguments: [
            ("md5(last_name)", "text", "the function md5"),
            ("(price * (id)::numeric)", "numeric", "its type numeric"),
            ("((price)::text || last_name)", "text", "the column price of type numeric(10,2)"),
            ("(last_name ~~ 'a%'::text)", "text", "the operator ~~"),
            ("substr(last_name, (id - 5))", "text", "the function substr from a position"),
            ("CASE WHEN (last_name < 'm'::text) THEN 'a'::text END", "text", "text order depends on the collation"),
            ("(flag)::text", "text", "the column flag of type boolean"),
            ("(last_name)::integer", "integer", "a cast from text to integer"),
            ("(1.5 + id)", "integer", "a numeric literal"),
            ("(id = ANY (ARRAY[1, 2]))", "text", "an ARRAY constructor"),
            ("E'a\\\\b'::text", "text", "a string literal with the prefix E"),
            ("(last_name = 'x'::text)", "text", "a boolean result"),
        ])
    func refuses(_ expression: String, _ type: String, _ reason: String) {
        #expect {
            try Self.translate(expression, type: type)
        } throws: { error in
            guard let failure = error as? GenerationExpressionTranslator.Failure else { return false }
            return failure.reason.contains(reason)
        }
    }
}

/// The translated subset computes, row for row, the very text PostgreSQL stored: a table of generated columns over
/// edge-case inputs (negatives, zero, NULL, empty and padded text, quotes, non-ASCII letters outside lower/upper)
/// read from a live server and computed by ``SQLiteGeneratedColumns`` as a CSV target computes them.
@Suite(
    "generation expressions: SQLite computes what PostgreSQL stored (live server)",
    .enabled(if: TestPostgres.isAvailable, "needs VEIL_TEST_PG"))
struct GenerationExpressionFidelityTests {
    static let generated: [(name: String, type: String, expression: String)] = [
        ("g_concat", "text", "s || '-' || a::text"),
        ("g_arith", "bigint", "a * 2 + b / 3 - a % 7 - (-a) / 4"),
        ("g_upper", "text", "upper(ascii)"),
        ("g_lower", "text", "lower(ascii)"),
        ("g_length", "integer", "length(s) + char_length(v)"),
        ("g_substr", "text", "substr(s, 2, 3)"),
        ("g_substring", "text", "substring(s from 2) || '|' || substring(s from 1 for 2) || substring(s, 3, 1)"),
        ("g_left", "text", "left(s, 2) || '|' || right(s, 2)"),
        ("g_replace", "text", "replace(s, 'a', 'A''a')"),
        ("g_trim", "text", "trim(v) || '|' || ltrim(v) || '|' || rtrim(v) || '|' || btrim(v, ' x')"),
        ("g_coalesce", "text", "coalesce(s, v, 'none')"),
        ("g_nullif", "integer", "nullif(a, 0)"),
        (
            "g_case", "text",
            "CASE WHEN a > 0 AND b IS NOT NULL THEN 'pos' WHEN a = 0 OR a IS NULL THEN 'zero' ELSE 'neg' END"
        ),
        ("g_simple_case", "text", "CASE n WHEN 1 THEN 'one' WHEN 2 THEN 'two' ELSE 'many' END"),
        ("g_abs", "bigint", "abs(a) - a"),
        ("g_null", "text", "s || NULL::text"),
        ("g_casts", "text", "v::text || n::text || '/' || b::text"),
        ("g_not", "integer", "CASE WHEN NOT (s <> v) THEN 1 WHEN s = 'x' THEN 2 ELSE 0 END"),
        ("g_varchar", "character varying(80)", "v || '!'"),
    ]

    static let rows = [
        "(1, 17, 100, 'alpha', ' padded x ', 1, 'MiXeD Case')",
        "(2, -23, -7, 'Łódź ünïcode', 'Łódź ünïcode', 2, 'abc')",
        "(3, 0, NULL, '', 'xx', 3, '')",
        "(4, NULL, 9223372036854775, NULL, NULL, NULL, NULL)",
        "(5, 2147483, 5, 'O''Brien''s', 'x', -1, 'O''BRIEN')",
        "(6, -1, 0, 'a', '   ', 0, 'Z')",
    ]

    @Test("every generated column of the subset, every row: the text PostgreSQL stored")
    func sameTextAsPostgreSQL() throws {
        let database = try TestPostgres.createDatabase(prefix: "veil_genexpr")
        defer { TestPostgres.dropDatabase(database) }
        let columns = Self.generated.map { "\($0.name) \($0.type) GENERATED ALWAYS AS (\($0.expression)) STORED" }
        try TestPostgres.psql(
            database: database,
            """
            CREATE TABLE public.t (id integer PRIMARY KEY, a integer, b bigint, s text, v character varying(30),
                n smallint, ascii text, \(columns.joined(separator: ", ")));
            INSERT INTO public.t (id, a, b, s, v, n, ascii) VALUES \(Self.rows.joined(separator: ", "));
            """)
        let names = Self.generated.map(\.name)
        let select = (["id"] + names).map { "coalesce(\($0)::text, '<null>')" }.joined(separator: " || '\t' || ")
        var expected: [String: [String?]] = [:]
        for line in try TestPostgres.psql(database: database, "SELECT \(select) FROM public.t").split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            expected[fields[0]] = fields.dropFirst().map { $0 == "<null>" ? nil : $0 }
        }
        #expect(expected.count == Self.rows.count)

        let reader = try PostgresReader(conninfo: TestPostgres.url(database: database))
        let schema = try reader.schema()
        let computer = try SQLiteGeneratedColumns()
        try computer.begin(schema: schema)
        let table = TableName(schema: "public", name: "t")
        #expect(computer.generatedColumns(of: table) == names)
        var columnsOfData: [String] = []
        var compared = 0
        while let item = try reader.next() {
            switch item {
            case .beginTable(let data): columnsOfData = data.columns
            case .rows(let batch) where batch.table == table:
                let values = try computer.values(of: batch, columns: columnsOfData)
                for (row, computed) in zip(batch.rows, values) {
                    let id = try #require(row[0])
                    for (index, name) in names.enumerated() {
                        #expect(computed[index] == expected[id]?[index], "row \(id) \(name)")
                    }
                    compared += 1
                }
            default: break
            }
        }
        #expect(compared == Self.rows.count)
    }
}
