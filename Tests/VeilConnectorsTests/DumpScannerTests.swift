import Testing
import VeilCore

@testable import VeilConnectors

/// Unit tests of the statement scanner: where statements end and what they are.
@Suite("Dump scanner")
struct DumpScannerTests {
    /// The units of `text`, fed through an in-memory window `chunk` bytes at a time.
    private func units(_ text: String, chunk: Int = 1 << 20) throws -> [(DumpScanner.UnitKind, String)] {
        let window = ByteWindow(chunkSize: 64)
        let scanner = DumpScanner(window: window)
        var result: [(DumpScanner.UnitKind, String)] = []
        let bytes = Array(text.utf8)
        var offset = 0
        while true {
            while let unit = try scanner.next() {
                result.append((unit.kind, String(decoding: scanner.unitBytes, as: UTF8.self)))
            }
            if offset >= bytes.count {
                if window.isFinal { break }
                window.finishInput()
                continue
            }
            let end = min(bytes.count, offset + chunk)
            bytes[offset..<end].withUnsafeBytes { window.append($0) }
            offset = end
        }
        return result
    }

    private static let tricky = """
        -- a comment with INSERT INTO t VALUES (1);
        \\restrict abc123

        SET standard_conforming_strings = on;
        CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$
        BEGIN INSERT INTO t VALUES (1); END $$;
        CREATE FUNCTION g() RETURNS text LANGUAGE sql AS $body$ SELECT 'INSERT INTO t; $$' $body$;
        COMMENT ON TABLE t IS 'it''s; INSERT INTO t VALUES (2);';
        SELECT E'\\'; INSERT', "odd;""name" FROM x; /* outer /* inner; */ still; */
        CREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (3); SELECT CASE WHEN true THEN 1 END; END;
        INSERT INTO t VALUES (4);
        SELECT 1; SELECT 2;
        \\unrestrict abc123

        """

    @Test("statements end only outside literals, quotes, dollar quotes, comments and BEGIN ATOMIC bodies")
    func boundaries() throws {
        let found = try units(Self.tricky)
        let statements = found.compactMap { unit -> (StatementKind, String)? in
            if case .statement(let kind) = unit.0 { return (kind, unit.1) }
            return nil
        }
        #expect(statements.count == 9)
        #expect(statements.filter { $0.0 == .insert }.map(\.1) == ["INSERT INTO t VALUES (4);\n"])
        #expect(statements[1].1.hasSuffix("END $$;\n"))
        #expect(statements[3].0 == .comment)
        // A comment after a statement on the same line opens the next statement's text.
        #expect(statements[5].1.hasPrefix(" /* outer") && statements[5].1.hasSuffix("END;\n"))
        #expect(statements[5].0 == .other)
        #expect(statements[7].1 == "SELECT 1;")
        #expect(statements[8].1 == " SELECT 2;\n")
        #expect(found.first?.0 == .comment)
        #expect(found[1].0 == .metaCommand && found[1].1 == "\\restrict abc123\n")
        #expect(found[2].0 == .blank)
        #expect(found.last?.0 == .metaCommand)
        #expect(found.map(\.1).joined() == Self.tricky)
    }

    @Test("the same units whatever the chunk boundaries", arguments: [1, 2, 3, 7, 64])
    func chunking(chunk: Int) throws {
        let whole = try units(Self.tricky)
        let pieces = try units(Self.tricky, chunk: chunk)
        #expect(pieces.map(\.1) == whole.map(\.1))
        #expect(pieces.map(\.0) == whole.map(\.0))
    }

    @Test("with standard_conforming_strings off, a backslash escapes the quote in '..'")
    func nonStandardStrings() throws {
        let text = "SET standard_conforming_strings = off;\nSELECT 'a\\'; b';\nSELECT 2;\n"
        let statements = try units(text).map(\.1)
        #expect(statements == ["SET standard_conforming_strings = off;\n", "SELECT 'a\\'; b';\n", "SELECT 2;\n"])
        let standard = try units("SELECT 'a\\'; SELECT 'b';\n").map(\.1)
        #expect(standard == ["SELECT 'a\\';", " SELECT 'b';\n"])
    }

    @Test("COPY data lines are not SQL: they run to the \\. line")
    func copyData() throws {
        let text = "COPY public.t (a, b) FROM stdin;\n-- not a comment\t'\n\\.\nCREATE INDEX i ON public.t (a);\n"
        let found = try units(text)
        #expect(found.map(\.0) == [.statement(.copyFromStdin), .copyRow, .copyEnd, .statement(.other)])
    }

    @Test("classifies large-object statements, comments, settings and transactions")
    func classification() throws {
        let text = """
            SELECT pg_catalog.lo_create('16420');
            ALTER LARGE OBJECT 16420 OWNER TO postgres;
            COMMENT ON LARGE OBJECT 16420 IS 'x';
            GRANT SELECT ON LARGE OBJECT 16420 TO PUBLIC;
            SELECT pg_catalog.lowrite(0, '\\x74');
            COMMENT ON TABLE t IS 'x';
            SELECT pg_catalog.set_config('search_path', '', false);
            BEGIN;
            COMMIT;
            GRANT SELECT ON TABLE t TO PUBLIC;
            CREATE UNLOGGED TABLE t (a int);
            CREATE VIEW v AS SELECT 1;

            """
        let kinds = try units(text).map(\.0)
        #expect(
            kinds == [
                .statement(.largeObject(isComment: false)), .statement(.largeObject(isComment: false)),
                .statement(.largeObject(isComment: true)), .statement(.largeObject(isComment: false)),
                .statement(.largeObject(isComment: false)), .statement(.comment), .statement(.setting),
                .statement(.begin), .statement(.commit), .statement(.other), .statement(.createTable),
                .statement(.other),
            ])
    }

    /// PostgreSQL's lexer reads ` \t\n\r\f` as white space, so a form feed before a statement leaves it the statement it
    /// was (the `dump` fuzz target's property once read the form feed as the statement's first word; its input is a
    /// seed in Fuzz/Corpus/dump). A vertical tab is not white space to PostgreSQL 15 and stays a control character.
    @Test("a form feed before a statement is white space, as PostgreSQL reads it; a vertical tab is not (fuzz: dump)")
    func formFeedIsWhiteSpace() throws {
        let found = try units(
            "\u{0C}\nALTER TABLE public.t OWNER TO postgres;\n\u{0C}COPY public.t (a) FROM stdin;\n\\.\n")
        #expect(found.map(\.0) == [.statement(.alterTable), .statement(.copyFromStdin), .copyEnd])
        #expect(Self.tokenKinds("\u{0C}ALTER\u{0C}TABLE") == [.word, .word])
        #expect(Self.tokenKinds("\u{0B}ALTER") == [.symbol(0x0B), .word])
    }

    /// Found by the `dump` fuzz target: `INSERT INTO public.empty_t[DEFAULT VALUES;` ended in `DEFAULT VALUES` and was
    /// passed through as the row-less insert pg_dump writes for a table without columns. Only pg_dump's own shape is;
    /// anything else is an INSERT, for the INSERT parser to read or refuse.
    @Test("only INSERT INTO name DEFAULT VALUES is a row-less insert; a damaged one is an INSERT (fuzz: dump)")
    func defaultValuesInsertShape() throws {
        let kinds = try units(
            """
            INSERT INTO public.empty_t DEFAULT VALUES;
            INSERT INTO "Sales"."Empty" DEFAULT VALUES;
            INSERT INTO empty_t DEFAULT VALUES;
            INSERT INTO public.empty_t[DEFAULT VALUES;
            INSERT INTO public.t VALUES (1) DEFAULT VALUES;

            """
        ).map(\.0)
        #expect(
            kinds == [
                .statement(.other), .statement(.other), .statement(.other), .statement(.insert), .statement(.insert),
            ])
    }

    private static func tokenKinds(_ text: String) -> [SQLToken.Kind] {
        Array(text.utf8).withUnsafeBufferPointer {
            SQLTokenizer.tokens($0, standardConformingStrings: true).map(\.kind)
        }
    }

    @Test("pg_dump's identifier quoting")
    func quoting() {
        #expect(SQLIdentifier.quote("customer") == "customer")
        #expect(SQLIdentifier.quote("user") == "\"user\"")
        #expect(SQLIdentifier.quote("name") == "name")
        #expect(SQLIdentifier.quote("Order") == "\"Order\"")
        #expect(SQLIdentifier.quote("Wéird Table") == "\"Wéird Table\"")
        #expect(SQLIdentifier.quote("a\"b") == "\"a\"\"b\"")
        #expect(SQLIdentifier.quote("_x1") == "_x1")
        #expect(SQLIdentifier.quote("1x") == "\"1x\"")
        #expect(SQLIdentifier.qualified(TableName(schema: "Sales", name: "Orders")) == "\"Sales\".\"Orders\"")
        #expect(SQLIdentifier.qualified(publicTable("t"), unqualifiedSchema: "public") == "t")
    }
}
