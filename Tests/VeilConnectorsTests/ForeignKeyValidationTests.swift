import Testing
import VeilCore

@testable import VeilConnectors

/// Which post-data foreign keys are split into an unchecked add and a validation (``ForeignKeyValidation``), and the
/// two statements they become: names spelled exactly as the script wrote them.
@Suite struct ForeignKeyValidationTests {
    private func split(_ sql: String) -> ForeignKeyValidation? {
        TokenCursor.reading(sql) { ForeignKeyValidation($0) }
    }

    @Test func aPgDumpForeignKeyIsAddedUncheckedThenValidated() throws {
        let key = try #require(
            split(
                "ALTER TABLE ONLY public.orders\n    ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) "
                    + "REFERENCES public.customers(id) ON DELETE CASCADE DEFERRABLE;\n"))
        #expect(
            key.addUnchecked
                == "ALTER TABLE ONLY public.orders\n    ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) "
                + "REFERENCES public.customers(id) ON DELETE CASCADE DEFERRABLE NOT VALID;")
        #expect(key.validate == "ALTER TABLE ONLY public.orders VALIDATE CONSTRAINT orders_customer_id_fkey;")
        #expect(key.table == TableName(schema: "public", name: "orders"))
        #expect(key.referenced == TableName(schema: "public", name: "customers"))
    }

    @Test func quotedNamesKeepTheirSpelling() throws {
        let key = try #require(
            split(#"ALTER TABLE ONLY "Sales"."Order" ADD CONSTRAINT "Order→Kunde" FOREIGN KEY (k) REFERENCES "K"(id);"#)
        )
        #expect(key.validate == #"ALTER TABLE ONLY "Sales"."Order" VALIDATE CONSTRAINT "Order→Kunde";"#)
        #expect(key.addUnchecked.hasSuffix(#"REFERENCES "K"(id) NOT VALID;"#))
        #expect(key.table == TableName(schema: "Sales", name: "Order"))
        #expect(key.referenced == TableName(schema: "public", name: "K"))
    }

    @Test func everythingElseRunsAsWritten() {
        for sql in [
            // a partitioned table's key (pg_dump writes no ONLY): PostgreSQL refuses NOT VALID there
            "ALTER TABLE public.measurements ADD CONSTRAINT m_fk FOREIGN KEY (city) REFERENCES public.cities(id);",
            // the source holds it unchecked: it stays so
            "ALTER TABLE ONLY public.orders ADD CONSTRAINT o_fk FOREIGN KEY (c) REFERENCES public.c(id) NOT VALID;",
            "ALTER TABLE ONLY public.orders ADD CONSTRAINT orders_pkey PRIMARY KEY (id);",
            "ALTER TABLE ONLY public.orders ADD CONSTRAINT orders_check CHECK ((id > 0));",
            "ALTER FOREIGN TABLE public.remote ADD CONSTRAINT r_fk FOREIGN KEY (c) REFERENCES public.c(id);",
            "ALTER TABLE ONLY public.orders VALIDATE CONSTRAINT o_fk;",
            "CREATE INDEX orders_idx ON public.orders USING btree (id);",
            "ALTER TABLE ONLY public.orders ADD CONSTRAINT o_fk FOREIGN KEY (c) REFERENCES public.c(id)",
        ] {
            #expect(split(sql) == nil, "\(sql)")
        }
    }
}
