import Testing
import VeilConnectors
import VeilCore
import VeilTestSupport

/// Reading INSERT statements as row data.
@Suite("pg_dump reader: INSERT statements")
struct PgDumpInsertTests {
    @Test("pagila --inserts has the same rows per table as the COPY dump")
    func pagilaCounts() throws {
        let fromInserts = StreamSummary(try readAll(PgDumpReader(path: Fixture.pagilaInserts)))
        let fromCopy = StreamSummary(try readAll(PgDumpReader(path: Fixture.pagilaCopy)))
        #expect(fromInserts.rows[publicTable("customer")] == 599)
        #expect(fromInserts.rows[publicTable("rental")] == 16044)
        #expect(fromInserts.rows[publicTable("staff")] == 1500)
        #expect(fromInserts.rows[publicTable("address")] == 603)
        let payments = (1...7).reduce(0) { $0 + (fromInserts.rows[publicTable("payment_p2022_0\($1)")] ?? 0) }
        #expect(payments == 16049)
        #expect(fromInserts.rows == fromCopy.rows)
        #expect(fromInserts.tables == fromCopy.tables)
        #expect(fromInserts.data.allSatisfy { $0.style == .insert(columnList: false) })
    }

    @Test("pagila: an INSERT run holds the same values as the COPY block (booleans: true/false vs t/f)")
    func pagilaValues() throws {
        let inserts = try readAll(PgDumpReader(path: Fixture.pagilaInserts))
        let copies = try readAll(PgDumpReader(path: Fixture.pagilaCopy))
        for name in ["customer", "staff", "address", "film", "rental"] {
            // INSERT writes a boolean as true/false, COPY as t/f: each is the value as the dump spells it.
            let fromInserts = StreamSummary.rows(of: publicTable(name), in: inserts).map { row in
                row.map { field in field == "true" ? "t" : field == "false" ? "f" : field }
            }
            let same = fromInserts == StreamSummary.rows(of: publicTable(name), in: copies)
            #expect(same, "rows of \(name) differ")
        }
    }

    @Test("multi-row INSERTs keep their statement sizes; generated columns' DEFAULT is left out")
    func multiRow() throws {
        let items = try readAll(PgDumpReader(path: Fixture.local("edge-cases-rows-per-insert.sql")))
        let weird = publicTable("Wéird Table")
        let batches = items.compactMap { item -> RowBatch? in
            if case .rows(let batch) = item, batch.table == weird { return batch }
            return nil
        }
        #expect(batches.count == 1)
        #expect(batches.first?.statementSizes == [2, 1])
        #expect(
            batches.first?.rows == [
                ["back\\slash\ttab\nnewline", "1", "true", "O'Reilly", "1010", "\\x00ff"],
                [nil, "-5", "false", "ünïcødé 😀", nil, nil],
                ["", nil, nil, "\\N", "0000", "\\x"],
            ])
        let data = StreamSummary(items).data.first { $0.table == weird }
        #expect(
            data
                == TableData(
                    table: weird, columns: ["user", "Order", "select", "normal_col", "b", "data"],
                    style: .insert(columnList: true)))
        let withoutList = StreamSummary(try readAll(PgDumpReader(path: Fixture.local("edge-cases-inserts.sql"))))
        #expect(
            withoutList.data.first { $0.table == weird }?.columns == [
                "user", "Order", "select", "normal_col", "b", "data",
            ])
    }

    @Test("literals: E'' escapes, '' doubling, numbers, booleans, NULL, bit strings; grouping by table and shape")
    func literals() throws {
        let directory = TemporaryDirectory()
        let path = try directory.file(
            "literals.sql",
            """
            CREATE TABLE public.t (a text, b text, c text);
            INSERT INTO public.t VALUES (E'it\\'s\\ta\\\\b\\n', 'O''Reilly', E'\\x41\\101\\u00e9\\U0001F600');
            INSERT INTO public.t VALUES (-12, +3.5e-3, .5), (true, FALSE, NULL), (B'101', X'1F', N'nat');
            INSERT INTO ONLY public.t (c, a) VALUES ('x', 'y');
            INSERT INTO public.other VALUES (1);
            INSERT INTO public.t VALUES ('back', 'to', 't');
            SET standard_conforming_strings = off;
            INSERT INTO public.t VALUES ('a\\\\b', 'c\\'d', E'e\\\\f');

            """ + pgDumpTrailer)
        let items = try readAll(PgDumpReader(path: path))
        let summary = StreamSummary(items)
        #expect(summary.data.map(\.table.name) == ["t", "t", "other", "t", "t"])
        #expect(
            summary.data[1]
                == TableData(table: publicTable("t"), columns: ["c", "a"], style: .insert(columnList: true)))
        #expect(
            StreamSummary.rows(of: publicTable("t"), in: items) == [
                ["it's\ta\\b\n", "O'Reilly", "AAé😀"],
                ["-12", "+3.5e-3", ".5"],
                ["true", "FALSE", nil],
                ["101", "x1F", "nat"],
                ["x", "y"],
                ["back", "to", "t"],
                ["a\\b", "c'd", "e\\f"],
            ])
        let sizes = items.compactMap { item -> [Int]? in
            if case .rows(let batch) = item { return batch.statementSizes }
            return nil
        }
        #expect(sizes == [[1, 3], [1], [1], [1], [1]])
    }

    @Test("INSERT text inside function bodies, string literals and comments is not data")
    func notData() throws {
        let directory = TemporaryDirectory()
        let path = try directory.file(
            "functions.sql",
            """
            CREATE FUNCTION public.f() RETURNS void LANGUAGE plpgsql AS $$
            BEGIN
              INSERT INTO public.t VALUES (1, 'secret');
            END $$;
            CREATE FUNCTION public.g() RETURNS void LANGUAGE sql AS $fn$ INSERT INTO public.t VALUES (2, 'x'); $fn$;
            CREATE PROCEDURE public.p() LANGUAGE sql BEGIN ATOMIC INSERT INTO public.t VALUES (3, 'y'); END;
            COMMENT ON FUNCTION public.f() IS 'INSERT INTO public.t VALUES (4, ''z'');';
            /* INSERT INTO public.t VALUES (5, 'w'); */
            -- INSERT INTO public.t VALUES (6, 'v');
            SELECT pg_catalog.set_config('application_name', 'INSERT INTO public.t VALUES (7, ''u'');', false);
            INSERT INTO public.t VALUES (8, 'real');

            """ + pgDumpTrailer)
        let reader = try PgDumpReader(path: path)
        let items = try readAll(reader)
        #expect(StreamSummary(items).data.count == 1)
        #expect(StreamSummary.rows(of: publicTable("t"), in: items) == [["8", "real"]])
        #expect(StreamSummary(items).passthrough.contains("INSERT INTO public.t VALUES (1, 'secret');"))
        #expect(try reader.rowCounts().map(\.rows) == [1])
        let edge = StreamSummary(try readAll(PgDumpReader(path: Fixture.local("edge-cases-inserts.sql"))))
        #expect(edge.rows[publicTable("docs")] == 2)
        #expect(edge.passthrough.contains("INSERT INTO public.docs VALUES (99, 'x', NULL); -- not data"))
        #expect(edge.passthrough.contains("VALUES (100, 'atomic; INSERT'::text, NULL::oid);"))
    }

    @Test(
        "INSERTs that are not plain literals are refused before anything streams",
        arguments: [
            "INSERT INTO public.t VALUES (now());",
            "INSERT INTO public.t VALUES ('1'::integer);",
            "INSERT INTO public.t SELECT * FROM public.u;",
            "INSERT INTO public.t VALUES (1) ON CONFLICT DO NOTHING;",
            "INSERT INTO public.t VALUES (1), (1, 2);",
            "INSERT INTO public.t (a, b) VALUES (1);",
        ])
    func refused(statement: String) throws {
        let directory = TemporaryDirectory()
        let path = try directory.file("bad.sql", "SET x = 1;\n\(statement)\n")
        let reader = try PgDumpReader(path: path)
        let error = try #require(throws: VeilError.self) { try reader.next() }
        #expect(error.code == .source)
        #expect(error.message.hasPrefix("line 2: "))
    }
}
