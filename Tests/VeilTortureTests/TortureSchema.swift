import Foundation

/// One generated table (or a table with its partitions or children): the DDL to create it, the rows to fill it,
/// and the catalogue names (`schema.relname`) of every table it creates, so a failing check can print the
/// smallest piece that replays the failure.
struct TorturePiece {
    let title: String
    var ddl: String
    var rows: String = ""
    var relations: [String]
    /// DDL of the pieces this one refers to (a foreign key's target), for replay.
    var requires: String = ""
}

/// A database made from one seed: schemas with clashing table names, the type catalogue, identity, serial and
/// generated columns, partitions, inheritance, foreign keys, unique indexes, CHECKs, RLS, views, a materialized
/// view and a trigger, with planted canary personal data in columns, free text, JSON and arrays.
struct TortureDatabase {
    let seed: UInt64
    let rowCap: Int
    private(set) var schemas: [String] = ["public"]
    private(set) var pieces: [TorturePiece] = []
    private(set) var epilogue = ""
    private var canaryMaker: TortureCanaries
    private var random: TortureRandom

    /// Every planted value: none may appear in any output, report, manifest or log.
    var canaries: [String] { canaryMaker.planted }

    /// The whole script: types, schemas, every piece's DDL and rows, then views.
    var sql: String {
        let schemaDDL = schemas.filter { $0 != "public" }.map { "CREATE SCHEMA \(SQLText.quoted($0));\n" }.joined()
        return TortureCatalogue.prelude + Self.triggerFunction + schemaDDL
            + pieces.map { $0.ddl + $0.rows }.joined(separator: "\n") + epilogue
    }

    /// The piece that created `relation` (`schema.relname`), with the shared types it needs, for replay.
    func replay(of relation: String) -> String? {
        guard let piece = pieces.first(where: { $0.relations.contains(relation) }) else { return nil }
        return "-- seed \(seed), piece \(piece.title)\n" + TortureCatalogue.prelude + Self.triggerFunction
            + piece.requires + piece.ddl
    }

    /// The replay DDL of the piece whose rows hold `canary`.
    func replay(ofCanary canary: String) -> String? {
        pieces.first { $0.rows.contains(canary) }.flatMap { replay(of: $0.relations[0]) }
    }

    static let triggerFunction = """
        CREATE FUNCTION public.tt_pass() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;

        """

    init(seed: UInt64, rowCap: Int) {
        self.seed = seed
        self.rowCap = max(rowCap, 2)
        canaryMaker = TortureCanaries(seed: seed)
        random = TortureRandom(seed: seed)
        let pool = ["app", "Sales Ünï", "order", "Ärger schema", "分析"]
        schemas += random.sample(pool, random.int(1...2))
        for schema in schemas { pieces.append(people(schema)) }
        for schema in schemas where random.chance(0.8) { pieces.append(payload(schema)) }
        pieces.append(foreignKeys(random.pick(schemas)))
        if random.chance(0.6), let people = pieces.first(where: { $0.title == "\(schemas[1]).people" }) {
            pieces.append(newsletter(schemas[1], people: people))
        }
        if random.chance(0.5) { pieces.append(deferredCycle(random.pick(schemas))) }
        pieces.append(partitions(random.pick(schemas)))
        pieces.append(inheritance(random.pick(schemas)))
        let emptySchema = random.pick(schemas)
        pieces.append(
            TorturePiece(
                title: "empty",
                ddl: "CREATE TABLE \(q(emptySchema)).empty_things (id integer PRIMARY KEY, label text);\n",
                relations: ["\(emptySchema).empty_things"]))
        for schema in schemas {
            let people = "\(q(schema)).people"
            epilogue += "CREATE VIEW \(q(schema)).people_view AS SELECT id, email FROM \(people);\n"
            epilogue += "CREATE MATERIALIZED VIEW \(q(schema)).people_counts AS SELECT count(*) AS n FROM \(people);\n"
        }
    }

    private func q(_ name: String) -> String { SQLText.quoted(name) }

    /// Odd column names: reserved words, mixed case, non-Latin scripts, an embedded quote.
    private static let oddNames = ["select", "Größe", "列名", "Mixed Case", "user", "a\"quote", "from"]

    /// `count` payload columns drawn from the catalogue, with their names (some odd).
    private mutating func payloadColumns(_ count: Int) -> [(name: String, type: TortureType)] {
        var odd = random.sample(Self.oddNames, 2)
        return random.sample(TortureCatalogue.types, count).map { type in
            let name = random.chance(0.3) && !odd.isEmpty ? odd.removeFirst() : "c_\(type.label)"
            return (name, type)
        }
    }

    /// `people` in `schema` (the same name in every schema): identity, serial or by-default key; email, name,
    /// phone and card columns; free text, JSON and an array holding more personal data; payload columns; a
    /// generated column; unique indexes (plain, partial, expression); CHECKs; sometimes RLS and a trigger.
    private mutating func people(_ schema: String) -> TorturePiece {
        let table = "\(q(schema)).people"
        let key = random.pick([
            "integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY", "bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
            "serial PRIMARY KEY",
        ])
        let payload = payloadColumns(random.int(2...5))
        var ddl = "CREATE TABLE \(table) (\n    id \(key),\n"
        ddl +=
            "    email text NOT NULL CHECK (email LIKE '%@%'),\n    full_name text CHECK (char_length(full_name) <= 80),\n"
        ddl += "    phone text,\n    card_number text,\n    notes text,\n    profile jsonb,\n    emails text[],\n"
        let extras = random.sample(Self.extraPersonal, random.int(0...Self.extraPersonal.count))
        for extra in extras { ddl += "    \(extra.name) \(extra.type),\n" }
        for column in payload { ddl += "    \(q(column.name)) \(column.type.sql),\n" }
        ddl +=
            "    amount integer CHECK (amount >= 0),\n    doubled integer GENERATED ALWAYS AS (amount * 2) STORED\n);\n"
        ddl += "CREATE UNIQUE INDEX ON \(table) (email);\n"
        if random.chance(0.5) { ddl += "CREATE UNIQUE INDEX ON \(table) (phone) WHERE phone IS NOT NULL;\n" }
        if random.chance(0.5) { ddl += "CREATE UNIQUE INDEX ON \(table) (lower(email));\n" }
        if random.chance(0.5) {
            ddl += "ALTER TABLE \(table) ENABLE ROW LEVEL SECURITY;\n"
            ddl += "CREATE POLICY people_visible ON \(table) USING (amount >= 0);\n"
        }
        if random.chance(0.5) {
            ddl +=
                "CREATE TRIGGER people_pass BEFORE INSERT OR UPDATE ON \(table) FOR EACH ROW EXECUTE FUNCTION public.tt_pass();\n"
        }
        let columns =
            ["email", "full_name", "phone", "card_number", "notes", "profile", "emails"]
            + extras.map(\.name) + payload.map { q($0.name) } + ["amount"]
        var rows = ""
        for row in 0..<random.int(rowCap / 2...rowCap) {
            let email = canaryMaker.email()
            let name = canaryMaker.name(script: row)
            let phone = canaryMaker.phone()
            let notes =
                TortureCatalogue.awkwardText(&random, row)
                + " write to \(canaryMaker.email()) or call \(canaryMaker.phone())"
            let profile =
                "{\"contact\": {\"email\": \"\(canaryMaker.email())\", \"name\": \"\(canaryMaker.name(script: row + 1))\"}, \"tier\": \(row % 4)}"
            let emails = "ARRAY[\(SQLText.literal(canaryMaker.email())), NULL, \(SQLText.literal(canaryMaker.email()))]"
            var values = [
                SQLText.literal(email), SQLText.literal(name), row % 5 == 4 ? "NULL" : SQLText.literal(phone),
                SQLText.literal(canaryMaker.card()), SQLText.literal(notes), SQLText.literal(profile), emails,
            ]
            values += extras.map { $0.value(&canaryMaker, row) }
            values += payload.map { $0.type.value(&random, row) }
            values.append("\(row * 3)")
            rows +=
                "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(values.joined(separator: ", ")));\n"
        }
        return TorturePiece(title: "\(schema).people", ddl: ddl, rows: rows, relations: ["\(schema).people"])
    }

    /// More personal data some `people` tables hold: in a composite, a domain with a CHECK, citext, hstore, and a
    /// varchar narrower than some masked values might be. (The composite was a finding of seeds 2 and 3: `veil scan`
    /// saw a name, found no rule that writes a record literal and suggested `keep`; it now suggests `null`.)
    private static var extraPersonal:
        [(name: String, type: String, value: @Sendable (inout TortureCanaries, Int) -> String)]
    {
        [compositeContact] + personalExtras
    }

    private static let compositeContact:
        (name: String, type: String, value: @Sendable (inout TortureCanaries, Int) -> String) =
            (
                "contact", "public.tt_contact",
                { canaries, row in
                    "ROW(\(SQLText.literal(canaries.name(script: row))), \(SQLText.literal(canaries.email())))"
                }
            )

    private static let personalExtras:
        [(name: String, type: String, value: @Sendable (inout TortureCanaries, Int) -> String)] = [
            ("alt_email", "public.tt_email", { canaries, _ in SQLText.literal(canaries.email()) }),
            ("login", "citext", { canaries, _ in SQLText.literal(canaries.email()) }),
            ("attrs", "hstore", { canaries, _ in "hstore('phone', \(SQLText.literal(canaries.phone())))" }),
            ("short_email", "varchar(40)", { canaries, _ in SQLText.literal(canaries.email()) }),
        ]

    /// Subscriptions whose foreign key is the (masked) email of `people`, unique but not its primary key.
    private mutating func newsletter(_ schema: String, people: TorturePiece) -> TorturePiece {
        let table = "\(q(schema)).newsletter"
        let ddl =
            "CREATE TABLE \(table) (id serial PRIMARY KEY, email text NOT NULL REFERENCES \(q(schema)).people (email), "
            + "since date);\n"
        var rows = ""
        let emails = people.rows.split(separator: "\n").compactMap { line -> String? in
            guard let start = line.range(of: "VALUES (E'") else { return nil }
            return String(line[start.upperBound...].prefix { $0 != "'" })
        }
        for email in random.sample(emails, random.int(0...emails.count)) {
            rows +=
                "INSERT INTO \(table) (email, since) VALUES (\(SQLText.literal(email)), '2024-01-0\(random.int(1...9))');\n"
        }
        return TorturePiece(
            title: "\(schema).newsletter", ddl: ddl, rows: rows, relations: ["\(schema).newsletter"],
            requires: people.ddl)
    }

    /// Two tables whose foreign keys point at each other, deferred to the end of the transaction that fills them.
    private mutating func deferredCycle(_ schema: String) -> TorturePiece {
        let teams = "\(q(schema)).teams"
        let members = "\(q(schema)).members"
        let ddl = """
            CREATE TABLE \(teams) (id integer PRIMARY KEY, name text, captain_id integer NOT NULL);
            CREATE TABLE \(members) (id integer PRIMARY KEY, team_id integer NOT NULL REFERENCES \(teams) (id)
                DEFERRABLE INITIALLY DEFERRED, full_name text, email text);
            ALTER TABLE \(teams) ADD FOREIGN KEY (captain_id) REFERENCES \(members) (id) DEFERRABLE INITIALLY DEFERRED;

            """
        var rows = "BEGIN;\n"
        let count = random.int(1...max(1, rowCap / 3))
        for team in 0..<count {
            rows += "INSERT INTO \(teams) VALUES (\(team), 'team \(team)', \(team * 10));\n"
            for member in 0..<random.int(1...3) {
                rows +=
                    "INSERT INTO \(members) VALUES (\(team * 10 + member), \(team), "
                    + "\(SQLText.literal(canaryMaker.name(script: member))), \(SQLText.literal(canaryMaker.email())));\n"
            }
        }
        rows += "COMMIT;\n"
        return TorturePiece(
            title: "\(schema).teams+members", ddl: ddl, rows: rows,
            relations: ["\(schema).teams", "\(schema).members"])
    }

    /// A table of payload columns only, under an odd or clashing name; sometimes without a primary key, unlogged,
    /// with RLS forced.
    private mutating func payload(_ schema: String) -> TorturePiece {
        let name = random.pick(["things", "select", "Größe Tabelle", "表", "people_notes"])
        let table = "\(q(schema)).\(q(name))"
        let columns = payloadColumns(random.int(4...8))
        let hasKey = random.chance(0.6)
        var ddl = "CREATE \(random.chance(0.3) ? "UNLOGGED " : "")TABLE \(table) (\n"
        ddl += hasKey ? "    id bigint PRIMARY KEY,\n" : "    id bigint,\n"
        ddl += columns.map { "    \(q($0.name)) \($0.type.sql)" }.joined(separator: ",\n") + "\n);\n"
        if random.chance(0.4) {
            ddl += "ALTER TABLE \(table) ENABLE ROW LEVEL SECURITY;\nALTER TABLE \(table) FORCE ROW LEVEL SECURITY;\n"
            ddl += "CREATE POLICY everyone ON \(table) USING (true);\n"
        }
        var rows = ""
        for row in 0..<random.int(0...rowCap) {
            let values = ["\(row + 1)"] + columns.map { $0.type.value(&random, row) }
            rows += "INSERT INTO \(table) VALUES (\(values.joined(separator: ", ")));\n"
        }
        return TorturePiece(title: "\(schema).\(name)", ddl: ddl, rows: rows, relations: ["\(schema).\(name)"])
    }

    /// Accounts with a composite key and a unique non-key code; transfers with a composite foreign key, a foreign
    /// key to the unique code and a self-reference.
    private mutating func foreignKeys(_ schema: String) -> TorturePiece {
        let accounts = "\(q(schema)).accounts"
        let transfers = "\(q(schema)).transfers"
        var ddl = """
            CREATE TABLE \(accounts) (
                region text, acct integer, code text NOT NULL UNIQUE, owner_email text, PRIMARY KEY (region, acct)
            );
            CREATE TABLE \(transfers) (
                id integer PRIMARY KEY, region text, acct integer,
                account_code text REFERENCES \(accounts) (code),
                parent_id integer REFERENCES \(transfers) (id),
                memo text,
                FOREIGN KEY (region, acct) REFERENCES \(accounts) (region, acct)
            );

            """
        ddl += ""
        var rows = ""
        let count = random.int(2...rowCap)
        for row in 0..<count {
            let region = row % 2 == 0 ? "eu" : "us"
            rows +=
                "INSERT INTO \(accounts) VALUES ('\(region)', \(row), 'AC-\(row)', "
                + "\(SQLText.literal(canaryMaker.email())));\n"
        }
        for row in 0..<random.int(1...rowCap) {
            let account = random.int(0...count - 1)
            let parent = row > 0 && random.chance(0.6) ? "\(random.int(0...row - 1))" : "NULL"
            let memo = random.chance(0.5) ? "'rent'" : SQLText.literal("refund to \(canaryMaker.email())")
            rows +=
                "INSERT INTO \(transfers) VALUES (\(row), '\(account % 2 == 0 ? "eu" : "us")', \(account), "
                + "'AC-\(account)', \(parent), \(memo));\n"
        }
        return TorturePiece(
            title: "\(schema).accounts+transfers", ddl: ddl, rows: rows,
            relations: ["\(schema).accounts", "\(schema).transfers"])
    }

    /// `events`, list-partitioned by region, one partition itself range-partitioned by date (sometimes), and a
    /// default partition; the detail text holds an address and a phone number.
    private mutating func partitions(_ schema: String) -> TorturePiece {
        let events = "\(q(schema)).events"
        let multiLevel = random.chance(0.6)
        var ddl =
            "CREATE TABLE \(events) (id integer, region text, at date, detail text, PRIMARY KEY (id, region, at))"
            + " PARTITION BY LIST (region);\n"
        var relations = ["\(schema).events_us", "\(schema).events_other"]
        if multiLevel {
            ddl +=
                "CREATE TABLE \(q(schema)).events_eu PARTITION OF \(events) FOR VALUES IN ('eu') PARTITION BY RANGE (at);\n"
            ddl +=
                "CREATE TABLE \(q(schema)).events_eu_old PARTITION OF \(q(schema)).events_eu "
                + "FOR VALUES FROM (MINVALUE) TO ('2024-01-01');\n"
            ddl +=
                "CREATE TABLE \(q(schema)).events_eu_new PARTITION OF \(q(schema)).events_eu "
                + "FOR VALUES FROM ('2024-01-01') TO (MAXVALUE);\n"
            relations += ["\(schema).events_eu_old", "\(schema).events_eu_new"]
        } else {
            ddl += "CREATE TABLE \(q(schema)).events_eu PARTITION OF \(events) FOR VALUES IN ('eu');\n"
            relations.append("\(schema).events_eu")
        }
        ddl += "CREATE TABLE \(q(schema)).events_us PARTITION OF \(events) FOR VALUES IN ('us');\n"
        ddl += "CREATE TABLE \(q(schema)).events_other PARTITION OF \(events) DEFAULT;\n"
        var rows = ""
        for row in 0..<random.int(1...rowCap) {
            let region = random.pick(["eu", "us", "apac"])
            let at = random.pick(["2023-05-01", "2024-03-02", "infinity", "-infinity"])
            let detail = "signed up via \(canaryMaker.email()), call \(canaryMaker.phone())"
            rows += "INSERT INTO \(events) VALUES (\(row), '\(region)', '\(at)', \(SQLText.literal(detail)));\n"
        }
        return TorturePiece(
            title: "\(schema).events", ddl: ddl, rows: rows, relations: ["\(schema).events"] + relations)
    }

    /// `contacts` and an inheriting `vip_contacts` with a column of its own.
    private mutating func inheritance(_ schema: String) -> TorturePiece {
        let contacts = "\(q(schema)).contacts"
        let vips = "\(q(schema)).vip_contacts"
        let ddl = """
            CREATE TABLE \(contacts) (id integer PRIMARY KEY, name text NOT NULL, email text);
            CREATE TABLE \(vips) (level text) INHERITS (\(contacts));

            """
        var rows = ""
        for row in 0..<random.int(1...rowCap) {
            let values =
                "\(row), \(SQLText.literal(canaryMaker.name(script: row))), \(SQLText.literal(canaryMaker.email()))"
            if row % 3 == 0 {
                rows += "INSERT INTO \(vips) VALUES (\(values), \(random.pick(["'gold'", "NULL"])));\n"
            } else {
                rows += "INSERT INTO \(contacts) VALUES (\(values));\n"
            }
        }
        return TorturePiece(
            title: "\(schema).contacts+vip_contacts", ddl: ddl, rows: rows,
            relations: ["\(schema).contacts", "\(schema).vip_contacts"])
    }
}
