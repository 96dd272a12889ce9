import Testing
import VeilCore

@testable import VeilConnectors

/// Which post-data statements may run beside other tables' (``ParallelTableBuilds``): one table's index and key
/// builds as pg_dump writes them, nothing that touches a second table or recurses into children.
@Suite struct ParallelTableBuildsTests {
    private func table(_ sql: String) -> TableName? {
        TokenCursor.reading(sql) { ParallelTableBuilds.table(builtBy: $0) }
    }

    @Test func indexAndKeyBuildsOfOneTableRunInParallel() {
        let orders = TableName(schema: "public", name: "orders")
        #expect(table("CREATE INDEX orders_created_idx ON public.orders USING btree (created);") == orders)
        #expect(table("CREATE UNIQUE INDEX orders_ref ON public.orders USING btree (lower(ref));") == orders)
        #expect(table("CREATE INDEX p_idx ON ONLY public.orders USING btree (id);") == orders)
        #expect(table("ALTER TABLE ONLY public.orders\n    ADD CONSTRAINT orders_pkey PRIMARY KEY (id);") == orders)
        #expect(table("ALTER TABLE ONLY public.orders ADD CONSTRAINT orders_ref_key UNIQUE (ref);") == orders)
        #expect(
            table("ALTER TABLE ONLY \"Sales\".\"Order\" ADD CONSTRAINT \"K\" PRIMARY KEY (id);")
                == TableName(schema: "Sales", name: "Order"))
    }

    @Test func everythingElseRunsAfterwardsInOrder() {
        for sql in [
            "ALTER TABLE ONLY public.orders ADD CONSTRAINT orders_fk FOREIGN KEY (c) REFERENCES public.c(id);",
            "ALTER TABLE public.orders ADD CONSTRAINT orders_pkey PRIMARY KEY (id);",
            "ALTER TABLE ONLY public.orders ADD CONSTRAINT orders_check CHECK ((id > 0)) NOT VALID;",
            "ALTER TABLE ONLY public.orders ADD CONSTRAINT orders_excl EXCLUDE USING gist (r WITH &&);",
            "ALTER INDEX public.p_idx ATTACH PARTITION public.p1_idx;",
            "CREATE INDEX CONCURRENTLY orders_idx ON public.orders (id);",
            "CREATE TRIGGER t BEFORE INSERT ON public.orders FOR EACH ROW EXECUTE FUNCTION public.f();",
            "COMMENT ON INDEX public.orders_created_idx IS 'x';",
            "ALTER TABLE public.orders CLUSTER ON orders_pkey;",
            "SET default_tablespace = '';",
            "CREATE POLICY p ON public.orders USING (true);",
            "REFRESH MATERIALIZED VIEW public.v;",
        ] {
            #expect(table(sql) == nil, "\(sql)")
        }
    }
}
