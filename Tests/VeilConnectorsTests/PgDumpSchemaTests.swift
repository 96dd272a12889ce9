import Testing
import VeilConnectors
import VeilCore
import VeilTestSupport

/// schema() of real and hand-written dumps.
@Suite("pg_dump reader: schema")
struct PgDumpSchemaTests {
    @Test("pagila: 22 tables including the seven partitions of public.payment")
    func pagilaTables() throws {
        let schema = try PgDumpReader(path: Fixture.pagilaCopy).schema()
        let names = Set(schema.tables.map(\.name.description))
        let expected: Set<String> = Set(
            [
                "actor", "address", "category", "city", "country", "customer", "film", "film_actor",
                "film_category", "inventory", "language", "payment", "rental", "staff", "store",
            ].map { "public.\($0)" } + (1...7).map { "public.payment_p2022_0\($0)" })
        #expect(schema.tables.count == 22)
        #expect(names == expected)
        for month in 1...7 {
            #expect(schema[publicTable("payment_p2022_0\(month)")]?.parent == publicTable("payment"))
        }
        #expect(schema[publicTable("payment")]?.parent == nil)
        #expect(schema[publicTable("payment")]?.primaryKey == ["payment_date", "payment_id"])
    }

    @Test("pagila: customer's columns, declared types and primary key")
    func pagilaCustomer() throws {
        let customer = try #require(try PgDumpReader(path: Fixture.pagilaCopy).schema()[publicTable("customer")])
        #expect(
            customer.columns == [
                Column(name: "customer_id", type: "integer", isNotNull: true),
                Column(name: "store_id", type: "integer", isNotNull: true),
                Column(name: "first_name", type: "text", isNotNull: true),
                Column(name: "last_name", type: "text", isNotNull: true),
                Column(name: "email", type: "text"),
                Column(name: "address_id", type: "integer", isNotNull: true),
                Column(name: "activebool", type: "boolean", isNotNull: true),
                Column(name: "create_date", type: "date", isNotNull: true),
                Column(name: "last_update", type: "timestamp with time zone"),
                Column(name: "active", type: "integer"),
            ])
        #expect(customer.primaryKey == ["customer_id"])
        #expect(customer.isUnique("customer_id"))
        #expect(
            Set(customer.foreignKeys) == [
                ForeignKey(
                    name: "customer_address_id_fkey", columns: ["address_id"], referencedTable: publicTable("address"),
                    referencedColumns: ["address_id"]),
                ForeignKey(
                    name: "customer_store_id_fkey", columns: ["store_id"], referencedTable: publicTable("store"),
                    referencedColumns: ["store_id"]),
            ])
    }

    @Test("pagila: foreign keys, types with modifiers, arrays and domains")
    func pagilaKeysAndTypes() throws {
        let schema = try PgDumpReader(path: Fixture.pagilaCopy).schema()
        let rental = try #require(schema[publicTable("rental")])
        #expect(
            rental.foreignKeys.contains(
                ForeignKey(
                    name: "rental_customer_id_fkey", columns: ["customer_id"], referencedTable: publicTable("customer"),
                    referencedColumns: ["customer_id"])))
        #expect(Set(rental.foreignKeys.map(\.referencedTable.name)) == ["customer", "inventory", "staff"])
        let film = try #require(schema[publicTable("film")])
        #expect(film.column(named: "rental_rate")?.type == "numeric(4,2)")
        #expect(film.column(named: "release_year")?.type == "public.year")
        #expect(film.column(named: "rating")?.type == "public.mpaa_rating")
        #expect(film.column(named: "special_features")?.type == "text[]")
        #expect(film.column(named: "fulltext") == Column(name: "fulltext", type: "tsvector", isNotNull: true))
        #expect(Set(film.foreignKeys.map(\.columns)) == [["language_id"], ["original_language_id"]])
        let payment = try #require(schema[publicTable("payment_p2022_03")])
        #expect(Set(payment.foreignKeys.map(\.referencedTable.name)) == ["customer", "rental", "staff"])
        #expect(schema[publicTable("film_actor")]?.primaryKey == ["actor_id", "film_id"])
        #expect(schema[publicTable("address")]?.foreignKeys.first?.referencedTable == publicTable("city"))
        let total = schema.tables.reduce(0) { $0 + $1.foreignKeys.count }
        #expect(total == 36)
    }

    @Test("edge cases: quoted names, generated columns, inheritance, partitions, zero columns")
    func edgeCases() throws {
        let schema = try PgDumpReader(path: Fixture.local("edge-cases.sql")).schema()
        let weird = try #require(schema[publicTable("Wéird Table")])
        #expect(weird.columns.map(\.name) == ["user", "Order", "select", "normal_col", "b", "data", "total"])
        #expect(weird.columns.map(\.type) == ["text", "integer", "boolean", "text", "bit(4)", "bytea", "integer"])
        #expect(weird.columns.map(\.isGenerated) == [false, false, false, false, false, false, true])
        let child = try #require(schema[publicTable("child_t")])
        #expect(child.parent == publicTable("parent_t"))
        #expect(child.columns.map(\.name) == ["id", "v", "extra"])
        #expect(schema[publicTable("measure_2024")]?.parent == publicTable("measure"))
        #expect(schema[publicTable("empty_t")]?.columns == [])
        let orders = try #require(schema[TableName(schema: "Sales", name: "Orders")])
        #expect(orders.columns.map(\.type) == ["bigint", "integer", "character varying(20)", "numeric(8,2)", "text[]"])
        #expect(orders.primaryKey == ["id"])
        #expect(orders.uniqueKeys == [["note"]])
        #expect(
            orders.foreignKeys == [
                ForeignKey(
                    name: "Orders_docs_id_fkey", columns: ["docs_id"], referencedTable: publicTable("docs"),
                    referencedColumns: ["id"])
            ])
        #expect(schema[publicTable("ident")]?.primaryKey == ["id"])
        #expect(schema.tables.count == 10)
    }

    @Test("hand-written DDL: inline keys, non-ASCII names, PARTITION OF, INHERITS, skipped constraints")
    func handWritten() throws {
        let directory = TemporaryDirectory()
        let path = try directory.file(
            "ddl.sql",
            """
            CREATE TABLE public."bıgınt_tablo" (
                "sütun" integer PRIMARY KEY,
                code varchar(10) CONSTRAINT code_uq UNIQUE NOT NULL,
                parent_id integer REFERENCES public."bıgınt_tablo",
                other_id integer CONSTRAINT other_fk REFERENCES public.other (oid_col) ON DELETE CASCADE,
                price numeric(10, 2) DEFAULT 0.00 CHECK (price >= 0),
                doubled numeric GENERATED ALWAYS AS (price * 2) STORED,
                serial_id integer GENERATED BY DEFAULT AS IDENTITY,
                CONSTRAINT price_positive CHECK (price > 0),
                UNIQUE (code, price),
                LIKE public.template
            );
            CREATE TABLE public.other (oid_col integer, note text COLLATE pg_catalog."C");
            CREATE TABLE public.other_2024 PARTITION OF public.other FOR VALUES FROM (1) TO (2);
            CREATE TABLE IF NOT EXISTS public.kid (extra text) INHERITS (public.other);
            ALTER TABLE ONLY public.other ADD CONSTRAINT other_pkey PRIMARY KEY (oid_col);
            ALTER TABLE public.kid ADD COLUMN added date NOT NULL;

            """ + pgDumpTrailer)
        let schema = try PgDumpReader(path: path).schema()
        let table = try #require(schema[publicTable("bıgınt_tablo")])
        #expect(
            table.columns.map(\.name) == ["sütun", "code", "parent_id", "other_id", "price", "doubled", "serial_id"])
        #expect(table.columns[4].type == "numeric(10, 2)")
        #expect(table.columns[5].isGenerated && !table.columns[6].isGenerated)
        #expect(table.primaryKey == ["sütun"])
        #expect(table.uniqueKeys == [["code"], ["code", "price"]])
        #expect(table.columns[1].isNotNull)
        #expect(table.foreignKeys.map(\.name) == ["bıgınt_tablo_parent_id_fkey", "other_fk"])
        #expect(table.foreignKeys[0].referencedColumns == ["sütun"])
        #expect(table.foreignKeys[1].referencedColumns == ["oid_col"])
        #expect(schema[publicTable("other")]?.column(named: "note")?.type == "text")
        #expect(schema[publicTable("other_2024")]?.parent == publicTable("other"))
        #expect(schema[publicTable("other_2024")]?.columns.map(\.name) == ["oid_col", "note"])
        #expect(schema[publicTable("kid")]?.columns.map(\.name) == ["oid_col", "note", "extra", "added"])
        #expect(schema[publicTable("kid")]?.parent == publicTable("other"))
    }

    @Test("a data-only dump names tables and columns from COPY and INSERT, with type unknown")
    func dataOnly() throws {
        let directory = TemporaryDirectory()
        let path = try directory.file(
            "data.sql",
            """
            SET search_path = sales, pg_catalog;
            COPY orders (id, email) FROM stdin;
            1\ta@example.com
            \\.
            INSERT INTO public.events VALUES (1, 'x');
            INSERT INTO public.audit (at, what) VALUES ('2024-01-01', 'y');

            """ + pgDumpTrailer)
        let reader = try PgDumpReader(path: path)
        let schema = try reader.schema()
        #expect(schema.tables.map(\.name.description) == ["sales.orders", "public.events", "public.audit"])
        #expect(
            schema.tables[0].columns == [Column(name: "id", type: "unknown"), Column(name: "email", type: "unknown")])
        #expect(schema.tables[1].columns.map(\.name) == ["column1", "column2"])
        #expect(schema.tables[2].columns.map(\.name) == ["at", "what"])
        #expect(try reader.rowCounts().map(\.rows) == [1, 1, 1])
    }
}
