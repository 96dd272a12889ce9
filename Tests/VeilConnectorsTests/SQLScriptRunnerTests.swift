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

    /// Post-data foreign keys of ordinary tables, as pg_dump writes them, validated on two sessions: each ends
    /// validated as if added in one statement; a key the source holds unchecked stays so; a partitioned table's key
    /// (no `ONLY`) runs as written; the statements after the keys run after their checks.
    static let keys = """
        SELECT pg_catalog.set_config('search_path', '', false);
        CREATE TABLE public.customers (id integer NOT NULL);
        CREATE TABLE public.orders (id integer NOT NULL, customer_id integer);
        CREATE TABLE public.payments (id integer NOT NULL, order_id integer);
        CREATE TABLE public.legacy (id integer, customer_id integer);
        CREATE TABLE public.cities (id integer PRIMARY KEY);
        CREATE TABLE public.measurements (city integer, at date) PARTITION BY RANGE (at);
        CREATE TABLE public.measurements_2026 PARTITION OF public.measurements
            FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
        INSERT INTO public.customers SELECT g FROM generate_series(1, 2000) g;
        INSERT INTO public.orders SELECT g, 1 + g % 2000 FROM generate_series(1, 6000) g;
        INSERT INTO public.payments SELECT g, 1 + g % 6000 FROM generate_series(1, 6000) g;
        INSERT INTO public.legacy VALUES (1, 999999);
        INSERT INTO public.cities VALUES (1);
        INSERT INTO public.measurements VALUES (1, '2026-12-07');
        -- post-data
        ALTER TABLE ONLY public.customers ADD CONSTRAINT customers_pkey PRIMARY KEY (id);
        ALTER TABLE ONLY public.orders ADD CONSTRAINT orders_pkey PRIMARY KEY (id);
        ALTER TABLE ONLY public.payments ADD CONSTRAINT payments_pkey PRIMARY KEY (id);
        ALTER TABLE ONLY public.orders
            ADD CONSTRAINT orders_customer_fkey FOREIGN KEY (customer_id) REFERENCES public.customers(id);
        ALTER TABLE ONLY public.payments
            ADD CONSTRAINT payments_order_fkey FOREIGN KEY (order_id) REFERENCES public.orders(id) ON DELETE CASCADE;
        ALTER TABLE ONLY public.legacy
            ADD CONSTRAINT legacy_customer_fkey FOREIGN KEY (customer_id) REFERENCES public.customers(id) NOT VALID;
        ALTER TABLE public.measurements
            ADD CONSTRAINT measurements_city_fkey FOREIGN KEY (city) REFERENCES public.cities(id);
        COMMENT ON CONSTRAINT orders_customer_fkey ON public.orders IS 'checked';

        """

    @Test func foreignKeysCheckedSideBySideEndAsTheScriptMadeThem() throws {
        try withScratchDatabase(sessions: 2) { connections in
            let runner = try preData(Self.keys, on: connections[0])
            try runner.run(on: connections, rows: [TableName(schema: "public", name: "orders"): 6000])
            let keys = try connections[0].execute(
                """
                SELECT conname, convalidated FROM pg_catalog.pg_constraint
                WHERE contype = 'f' AND conparentid = 0 ORDER BY conname
                """)
            let validated = (0..<keys.rowCount).map {
                "\(keys.value(row: $0, column: 0)!)=\(keys.value(row: $0, column: 1)!)"
            }
            #expect(
                validated == [
                    "legacy_customer_fkey=f", "measurements_city_fkey=t", "orders_customer_fkey=t",
                    "payments_order_fkey=t",
                ])
            let comment = try connections[0].execute(
                "SELECT obj_description(oid, 'pg_constraint') FROM pg_catalog.pg_constraint "
                    + "WHERE conname = 'orders_customer_fkey'")
            #expect(comment.value(row: 0, column: 0) == "checked")
        }
    }

    @Test func aBrokenForeignKeyFailsItsCheckNamingItsLine() throws {
        try withScratchDatabase(sessions: 2) { connections in
            let runner = try preData(
                Self.keys.replacingOccurrences(
                    of: "INSERT INTO public.legacy",
                    with: "INSERT INTO public.orders VALUES (7000, 999999);\nINSERT INTO public.legacy"),
                on: connections[0])
            let error = #expect(throws: VeilError.self) { try runner.run(on: connections) }
            #expect(error?.code == .target)
            #expect(error?.message.contains("line 21") == true, "\(error?.message ?? "")")
            #expect(error?.message.contains("orders_customer_fkey") == true, "\(error?.message ?? "")")
            let comment = try connections[0].execute(
                "SELECT count(*) FROM pg_catalog.pg_description d JOIN pg_catalog.pg_constraint c ON c.oid = d.objoid "
                    + "WHERE c.conname = 'orders_customer_fkey'")
            #expect(comment.value(row: 0, column: 0) == "0", "the statements after the keys never ran")
        }
    }

    /// Two tables that reference each other: both keys are ready once both tables' keys are built, and two sessions
    /// add them at once. Adding a key locks its own table, then the other, so the two adds would take the locks in
    /// opposite orders; they run one at a time and never deadlock.
    @Test(arguments: 0..<6)
    func keysOfTablesThatReferenceEachOtherDoNotDeadlock(round: Int) throws {
        try withScratchDatabase(sessions: 2) { connections in
            let runner = try preData(
                """
                CREATE TABLE public.departments (id integer NOT NULL, manager integer);
                CREATE TABLE public.employees (id integer NOT NULL, department integer);
                INSERT INTO public.departments SELECT g, g FROM generate_series(1, 50) g;
                INSERT INTO public.employees SELECT g, 1 + g % 50 FROM generate_series(1, 500) g;
                -- post-data
                ALTER TABLE ONLY public.departments ADD CONSTRAINT departments_pkey PRIMARY KEY (id);
                ALTER TABLE ONLY public.employees ADD CONSTRAINT employees_pkey PRIMARY KEY (id);
                ALTER TABLE ONLY public.departments
                    ADD CONSTRAINT departments_manager_fkey FOREIGN KEY (manager) REFERENCES public.employees(id);
                ALTER TABLE ONLY public.employees
                    ADD CONSTRAINT employees_department_fkey FOREIGN KEY (department) REFERENCES public.departments(id);

                """, on: connections[0])
            try runner.run(on: connections)
            let validated = try connections[0].execute(
                "SELECT count(*) FROM pg_catalog.pg_constraint WHERE contype = 'f' AND convalidated")
            #expect(validated.value(row: 0, column: 0) == "2")
        }
    }

    /// Units wait for the tables they need and no longer: a unit after `a` runs as soon as `a`'s builds have run,
    /// while `b`'s still run; a unit after `a` and `b` runs after both.
    @Test func unitsRunAsSoonAsTheTablesTheyNeedAreBuilt() throws {
        try withScratchDatabase(sessions: 2) { connections in
            try connections[0].execute("CREATE TABLE public.steps (id serial, tag text)")
            func step(_ tag: String, sleep: Double = 0) -> ParallelTableBuilds.Build {
                .init(
                    line: 1, sql: "SELECT pg_sleep(\(sleep)); INSERT INTO public.steps (tag) VALUES ('\(tag)')",
                    settingsBefore: 0)
            }
            let a = TableName(schema: "public", name: "a")
            let b = TableName(schema: "public", name: "b")
            try ParallelTableBuilds.run(
                [
                    .init(builds: [step("b started"), step("b built", sleep: 1.5)], completes: b),
                    .init(builds: [step("a built", sleep: 0.2)], completes: a),
                    .init(builds: [step("after a and b")], after: [a, b]),
                    .init(builds: [step("after a")], after: [a]),
                ], settings: [], on: connections)
            let order = try connections[0].execute("SELECT string_agg(tag, ', ' ORDER BY id) FROM public.steps")
            #expect(order.value(row: 0, column: 0) == "b started, a built, after a, b built, after a and b")
        }
    }

    // MARK: - Helpers

    /// A runner fed `script`, its statements up to the `-- post-data` line run on `connection` (as the writer runs
    /// pre-data before the rows), the rest waiting for ``SQLScriptRunner/run(on:rows:)``.
    private func preData(_ script: String, on connection: PostgresConnection) throws -> SQLScriptRunner {
        let runner = SQLScriptRunner()
        let parts = script.components(separatedBy: "-- post-data\n")
        try runner.feed(parts[0])
        try runner.run(on: connection)
        try runner.feed("-- post-data\n" + parts[1])
        try runner.finishInput()
        return runner
    }

    /// A fresh database on the test server and `sessions` connections to it; the database is dropped afterwards.
    private func withScratchDatabase(sessions: Int, _ body: ([PostgresConnection]) throws -> Void) throws {
        let database = try TestPostgres.createDatabase(prefix: "veil_script")
        defer { TestPostgres.dropDatabase(database) }
        let connections = try (0..<sessions).map { _ in
            try PostgresConnection(conninfo: TestPostgres.url(database: database))
        }
        try body(connections)
    }

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
