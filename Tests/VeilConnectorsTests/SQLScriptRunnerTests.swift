import Foundation
import PostgresDriver
import Testing
import VeilCore
import VeilTestSupport

@testable import VeilConnectors

/// `SQLScriptRunner` against a live server (integration: needs `VEIL_TEST_PG`).
@Suite("SQLScriptRunner (integration, live server)", .enabled(if: TestPostgres.isAvailable), .serialized)
struct SQLScriptRunnerTests {
    /// DDL whose `;` inside a dollar-quoted body, a string literal and comments must not end a statement.
    static let tricky = #"""
        -- a comment; with a semicolon
        SET client_encoding = 'LATIN1';
        SET standard_conforming_strings = on;
        CREATE TABLE public.notes (
            id integer PRIMARY KEY, -- trailing; comment
            body text NOT NULL
        );
        /* a block comment; with ; semicolons */
        INSERT INTO public.notes VALUES (1, 'semi; colon ''quoted'' and \ backslash');
        CREATE FUNCTION public.shout(p text) RETURNS text
            LANGUAGE plpgsql
            AS $body$
        BEGIN
            -- inside; the body
            RETURN upper(p) || ';' || $$!;$$;
        END;
        $body$;

        COMMENT ON TABLE public.notes IS 'notes; with a semicolon';
        """# + "\n"

    @Test func semicolonsInsideBodiesLiteralsAndCommentsDoNotSplitStatements() throws {
        try withScratchDatabase { connection in
            let runner = SQLScriptRunner()
            try runner.feed(Self.tricky)
            try runner.finishInput()
            try runner.run(on: connection)
            try expectTrickyObjects(on: connection)
        }
    }

    @Test(arguments: [1, 7, 13, 64])
    func arbitraryChunkSplitsGiveTheSameResult(chunkSize: Int) throws {
        try withScratchDatabase { connection in
            let runner = SQLScriptRunner()
            for chunk in chunks(of: Self.tricky, size: chunkSize) {
                try runner.feed(chunk)
                try runner.run(on: connection)
            }
            try runner.finishInput()
            try runner.run(on: connection)
            try expectTrickyObjects(on: connection)
        }
    }

    @Test func statementsWaitForRun() throws {
        try withScratchDatabase { connection in
            let runner = SQLScriptRunner()
            try runner.feed("CREATE TABLE public.later (id integer);\n")
            #expect(try tableExists("public.later", on: connection) == false)
            try runner.run(on: connection)
            #expect(try tableExists("public.later", on: connection) == true)
        }
    }

    @Test func restrictMetaCommandsAreSkipped() throws {
        try withScratchDatabase { connection in
            let runner = SQLScriptRunner()
            try runner.feed(
                """
                \\restrict WDkHsxVskfQkclDj8fc0TlDLLWm7CJOX
                CREATE TABLE public.guarded (id integer);
                \\unrestrict WDkHsxVskfQkclDj8fc0TlDLLWm7CJOX

                """)
            try runner.finishInput()
            try runner.run(on: connection)
            #expect(try tableExists("public.guarded", on: connection) == true)
        }
    }

    @Test(arguments: [
        "CREATE DATABASE veil_script_created;\n",
        "CREATE DATABASE veil_script_created WITH TEMPLATE = template0 ENCODING = 'UTF8';\n",
        "create   database\nveil_script_created;\n",
        "\\connect veil_script_created\n",
        "\\connect -reuse-previous=on \"dbname='veil_script_created'\"\n",
        "\\c veil_script_created\n",
    ])
    func createdDumpsAreRefused(text: String) throws {
        try withScratchDatabase { connection in
            let runner = SQLScriptRunner()
            let error = #expect(throws: VeilError.self) {
                try runner.feed("SET statement_timeout = 0;\n" + text + "CREATE TABLE public.after (id integer);\n")
                try runner.finishInput()
                try runner.run(on: connection)
            }
            #expect(error?.code == .source)
            #expect(error?.message.contains("line 2") == true, "\(error?.message ?? "")")
            #expect(try tableExists("public.after", on: connection) == false)
            let created = try connection.execute(
                "SELECT count(*) FROM pg_catalog.pg_database WHERE datname = 'veil_script_created'")
            #expect(created.value(row: 0, column: 0) == "0")
        }
    }

    @Test func aFailingStatementIsATargetErrorNamingItsLine() throws {
        try withScratchDatabase { connection in
            let runner = SQLScriptRunner()
            try runner.feed(
                """
                CREATE TABLE public.first (id integer);

                -- the next statement refers to a table that does not exist
                ALTER TABLE ONLY public.missing
                    ADD CONSTRAINT missing_pkey PRIMARY KEY (id);
                CREATE TABLE public.never (id integer);

                """)
            try runner.finishInput()
            let error = #expect(throws: VeilError.self) { try runner.run(on: connection) }
            #expect(error?.code == .target)
            #expect(error?.message.contains("line 4") == true, "\(error?.message ?? "")")
            #expect(error?.message.contains("missing") == true, "the server's message: \(error?.message ?? "")")
            #expect(try tableExists("public.first", on: connection) == true)
            #expect(try tableExists("public.never", on: connection) == false)
        }
    }

    @Test func aStatementWithoutItsSemicolonIsRefusedAtTheEnd() throws {
        try withScratchDatabase { connection in
            let runner = SQLScriptRunner()
            try runner.feed("CREATE TABLE public.cut (id integer)\n")
            #expect(throws: VeilError.self) {
                try runner.finishInput()
                try runner.run(on: connection)
            }
            #expect(try tableExists("public.cut", on: connection) == false)
        }
    }

    // MARK: - Helpers

    /// A fresh database on the test server and a connection to it; the database is dropped afterwards.
    private func withScratchDatabase(_ body: (PostgresConnection) throws -> Void) throws {
        let database = try TestPostgres.createDatabase(prefix: "veil_script")
        defer { TestPostgres.dropDatabase(database) }
        let connection = try PostgresConnection(conninfo: TestPostgres.url(database: database))
        try body(connection)
    }

    private func expectTrickyObjects(on connection: PostgresConnection) throws {
        let note = try connection.execute("SELECT body FROM public.notes WHERE id = 1")
        #expect(note.rowCount == 1)
        #expect(note.value(row: 0, column: 0) == #"semi; colon 'quoted' and \ backslash"#)
        let shout = try connection.execute("SELECT public.shout('hi')")
        #expect(shout.value(row: 0, column: 0) == "HI;!;")
        let comment = try connection.execute("SELECT obj_description('public.notes'::regclass, 'pg_class')")
        #expect(comment.value(row: 0, column: 0) == "notes; with a semicolon")
        // SET client_encoding is skipped: the session still speaks UTF-8.
        let encoding = try connection.execute("SHOW client_encoding")
        #expect(encoding.value(row: 0, column: 0) == "UTF8")
    }

    private func tableExists(_ name: String, on connection: PostgresConnection) throws -> Bool {
        try connection.execute("SELECT to_regclass($1) IS NOT NULL", parameters: [name]).value(row: 0, column: 0)
            == "t"
    }

    /// `text` (ASCII) cut every `size` bytes.
    private func chunks(of text: String, size: Int) -> [String] {
        let bytes = Array(text.utf8)
        return stride(from: 0, to: bytes.count, by: size).map {
            String(decoding: bytes[$0..<min(bytes.count, $0 + size)], as: UTF8.self)
        }
    }
}
