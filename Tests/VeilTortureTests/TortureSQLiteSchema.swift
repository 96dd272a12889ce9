import Foundation

/// One generated SQLite table: its name, its columns in order, and which of them are generated from which others
/// (a generated column's value is the source's only where every column it reads is kept).
struct TortureSQLiteTable {
    let name: String
    var columns: [String]
    var generatedInputs: [String: [String]] = [:]
    /// The DDL and rows that create it (with what it refers to), for replay.
    var replay: String
}

/// A SQLite database made from one seed, in SQLite's own terms: STRICT and WITHOUT ROWID tables, untyped and
/// oddly typed columns holding other storage classes, blobs, ±inf, integers past 2^53, VIRTUAL and STORED
/// generated columns, CHECKs, a deferred cascading foreign key, an AUTOINCREMENT counter past deleted ids, partial
/// and expression indexes, views, a trigger, quoted and unicode names; planted canary emails, phones, card numbers
/// and Latin, Cyrillic and CJK names in columns (typed, untyped, STRICT), free text and JSON text.
struct TortureSQLiteDatabase {
    let seed: UInt64
    let rowCap: Int
    private(set) var tables: [TortureSQLiteTable] = []
    /// `CREATE TABLE` and `INSERT`s, in order.
    private(set) var body = ""
    /// Indexes, triggers and views, made after the rows.
    private(set) var epilogue = ""
    private var canaryMaker: TortureCanaries
    private var random: TortureRandom

    var canaries: [String] { canaryMaker.planted }

    /// The script the `sqlite3` shell runs to build the file.
    var script: String { "PRAGMA foreign_keys = ON;\nBEGIN;\n" + body + epilogue + "COMMIT;\n" }

    init(seed: UInt64, rowCap: Int) {
        self.seed = seed
        self.rowCap = max(rowCap, 2)
        canaryMaker = TortureCanaries(seed: seed)
        random = TortureRandom(seed: seed)
        let people = random.pick(["people", "Kunden ü", "顧客", "Клиенты", "Mixed \"People\""])
        let personKey = self.people(people)
        for _ in 0..<random.int(1...3) { payload() }
        orders(people: people, key: personKey)
        let empty = random.pick(["empty", "leer Tabelle", "空"])
        add(
            TortureSQLiteTable(name: empty, columns: ["id", "label"], replay: ""),
            ddl: "CREATE TABLE \(q(empty)) (id INTEGER PRIMARY KEY, label TEXT);\n", rows: "")
        epilogue += "CREATE VIEW \(q(people + " view")) AS SELECT id, amount FROM \(q(people)) WHERE amount > 10;\n"
    }

    private func q(_ name: String) -> String { TortureSQLiteLiteral.quoted(name) }

    private mutating func add(_ table: TortureSQLiteTable, ddl: String, rows: String, requires: String = "") {
        var table = table
        table.replay = "-- seed \(seed), table \(table.name)\n" + requires + ddl + rows
        tables.append(table)
        body += ddl + rows
    }

    /// Odd column names: reserved words, mixed case, other scripts, an embedded quote, a space.
    private static let oddNames = ["select", "Größe", "列名", "Mixed Case", "a\"quote", "from", "wert 2"]

    /// `count` payload columns (for a STRICT table, of the types it may declare; `exceptBlobs` leaves BLOB out).
    private mutating func payloadColumns(
        _ count: Int, strict: Bool, exceptBlobs: Bool = false
    ) -> [(name: String, type: TortureSQLiteType)] {
        var odd = random.sample(Self.oddNames, 2)
        let types = TortureSQLiteType.catalogue.filter {
            (!strict || $0.strict) && !(exceptBlobs && $0.label == "blob")
        }
        var used: Set<String> = []
        return random.sample(types, count).map { type in
            var name = random.chance(0.3) && !odd.isEmpty ? odd.removeFirst() : "c_\(type.label)"
            while used.contains(name) { name += "_" }
            used.insert(name)
            return (name, type)
        }
    }

    /// The table of people: a key (sometimes AUTOINCREMENT, with deleted ids); email, name, phone and card
    /// columns (sometimes untyped, sometimes the card as an integer); free text and JSON text holding more
    /// personal data; payload columns; a STORED generated column of a kept amount and a VIRTUAL one of the email;
    /// sometimes STRICT. Returns the key column's name.
    private mutating func people(_ name: String) -> String {
        let strict = random.chance(0.4)
        let autoincrement = random.chance(0.4)
        let email = random.pick(["email", "E-Mail", "電子メール", "email"])
        let fullName = random.pick(["full_name", "Имя", "名前", "name"])
        let cardAsInteger = !strict && random.chance(0.3)
        let textType = strict ? "TEXT" : random.pick(["TEXT", "", "VARCHAR(255)", "CLOB"])
        // No BLOB column among the people's payload: `veil scan` suggests `null` for one ("a picture?"), which
        // makes its originals secrets anywhere, and the same generic blobs sit in other tables' kept columns: the
        // run's leak check then refuses the copy (exit 2) by its documented definition, a generator artefact.
        let payload = payloadColumns(random.int(2...4), strict: strict, exceptBlobs: true)
        var ddl = "CREATE TABLE \(q(name)) (\n    id INTEGER PRIMARY KEY\(autoincrement ? " AUTOINCREMENT" : ""),\n"
        ddl += "    \(q(email)) TEXT NOT NULL UNIQUE CHECK (\(q(email)) LIKE '%@%'),\n"
        ddl += "    \(q(fullName)) \(textType),\n    phone \(textType),\n"
        ddl += "    card_number \(cardAsInteger ? "INTEGER" : textType),\n    notes TEXT,\n"
        ddl += "    profile TEXT\(random.chance(0.5) ? " CHECK (json_valid(profile))" : ""),\n"
        for column in payload { ddl += "    \(q(column.name)) \(column.type.declared),\n" }
        ddl += "    amount INTEGER,\n"
        ddl += "    doubled INTEGER GENERATED ALWAYS AS (amount * 2) STORED,\n"
        ddl += "    email_lower TEXT GENERATED ALWAYS AS (lower(\(q(email)))) VIRTUAL\n)\(strict ? " STRICT" : "");\n"
        let columns = [email, fullName, "phone", "card_number", "notes", "profile"] + payload.map(\.name) + ["amount"]
        var rows = ""
        let count = random.int(rowCap / 2...rowCap)
        for row in 0..<count {
            let card = canaryMaker.card()
            var notes =
                TortureCatalogue.awkwardText(&random, row)
                + " write to \(canaryMaker.email()) or call \(canaryMaker.phone())"
            if TortureFileSeeds.namesInText { notes += ", \(canaryMaker.name(script: row + 2))" }
            let inside = canaryMaker.name(script: row + 1)
            let profile =
                "{\"contact\": {\"email\": \"\(canaryMaker.email())\", \"name\": "
                + "\"\(inside)\", \"phone\": \"\(canaryMaker.phone())\"}, \"tier\": \(row % 4)}"
            var values = [
                TortureSQLiteLiteral.text(canaryMaker.email()),
                TortureSQLiteLiteral.text(canaryMaker.name(script: row)),
                row % 5 == 4 ? "NULL" : TortureSQLiteLiteral.text(canaryMaker.phone()),
                cardAsInteger ? card : TortureSQLiteLiteral.text(card), TortureSQLiteLiteral.text(notes),
                TortureSQLiteLiteral.text(profile),
            ]
            values += payload.map { $0.type.literal(&random, row, strictTable: strict) }
            values.append(random.chance(0.2) ? "NULL" : "\(row * 3)")
            rows +=
                "INSERT INTO \(q(name)) (\(columns.map(q).joined(separator: ", "))) VALUES "
                + "(\(values.joined(separator: ", ")));\n"
        }
        if autoincrement && count > 2 { rows += "DELETE FROM \(q(name)) WHERE id = \(count);\n" }
        var table = TortureSQLiteTable(
            name: name, columns: ["id"] + columns + ["doubled", "email_lower"], replay: "")
        table.generatedInputs = ["doubled": ["amount"], "email_lower": [email]]
        add(table, ddl: ddl, rows: rows)
        if random.chance(0.5) {
            epilogue += "CREATE INDEX \(q(name + " lower notes")) ON \(q(name)) (lower(notes));\n"
        }
        if random.chance(0.5) {
            epilogue += "CREATE UNIQUE INDEX \(q(name + "_phone")) ON \(q(name)) (phone) WHERE phone IS NOT NULL;\n"
        }
        return "id"
    }

    /// A table of payload columns only: rowid or WITHOUT ROWID, STRICT or not, sometimes without a key.
    private mutating func payload() {
        let taken = Set(tables.map(\.name))
        guard
            let name = random.sample(["things", "Größe Tabelle", "表", "tab\"quote", "select", "measures"], 6)
                .first(where: { !taken.contains($0) })
        else { return }
        let strict = random.chance(0.4)
        let shape = random.pick(["rowid", "without rowid", "no key"])
        let columns = payloadColumns(random.int(3...6), strict: strict)
        var ddl = "CREATE TABLE \(q(name)) (\n"
        switch shape {
        case "rowid": ddl += "    id INTEGER PRIMARY KEY,\n"
        case "without rowid": ddl += "    id INTEGER NOT NULL PRIMARY KEY,\n"
        default: ddl += "    id INTEGER,\n"
        }
        ddl += columns.map { "    \(q($0.name)) \($0.type.declared)" }.joined(separator: ",\n")
        var options: [String] = []
        if shape == "without rowid" { options.append("WITHOUT ROWID") }
        if strict { options.append("STRICT") }
        ddl += "\n)\(options.isEmpty ? "" : " " + options.joined(separator: ", "));\n"
        var rows = ""
        for row in 0..<random.int(0...rowCap) {
            let values = ["\(row + 1)"] + columns.map { $0.type.literal(&random, row, strictTable: strict) }
            rows += "INSERT INTO \(q(name)) VALUES (\(values.joined(separator: ", ")));\n"
        }
        add(TortureSQLiteTable(name: name, columns: ["id"] + columns.map(\.name), replay: ""), ddl: ddl, rows: rows)
        if let first = columns.first, random.chance(0.5) {
            epilogue +=
                "CREATE INDEX \(q(name + " partial")) ON \(q(name)) (\(q(first.name))) "
                + "WHERE \(q(first.name)) IS NOT NULL;\n"
        }
    }

    /// Order lines WITHOUT ROWID with a composite key, a deferred cascading foreign key to the people, a CHECK on a
    /// REAL total that may be +inf, and a memo that sometimes names a person; a trigger on them (made after the
    /// rows) that would change the people's amounts if it fired on a copied row.
    private mutating func orders(people: String, key: String) {
        guard let owners = tables.first(where: { $0.name == people }) else { return }
        let name = random.pick(["orders", "Bestellungen", "注文"])
        let ddl = """
            CREATE TABLE \(q(name)) (
                order_id INTEGER NOT NULL,
                line INTEGER NOT NULL,
                person INTEGER REFERENCES \(q(people)) (\(q(key))) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
                total REAL NOT NULL CHECK (total >= 0),
                memo TEXT,
                PRIMARY KEY (order_id, line)
            ) WITHOUT ROWID;

            """
        let ids = owners.replay.components(separatedBy: "INSERT INTO").count - 1
        let deleted = owners.replay.contains("DELETE FROM") ? ids : 0
        var rows = ""
        for row in 0..<random.int(1...rowCap) {
            var person = ids > 0 ? random.int(1...ids) : 0
            if person == deleted || person == 0 || random.chance(0.1) { person = -1 }
            let memo =
                random.chance(0.4)
                ? TortureSQLiteLiteral.text("refund to \(canaryMaker.email())")
                : random.pick(["'rent'", "NULL", "X'04'", "7"])
            let total = random.pick(["0", "10.5", "250", "1e999", "99.99", "'12'"])
            rows +=
                "INSERT INTO \(q(name)) VALUES (\(row / 3 + 1), \(row % 3 + 1), "
                + "\(person < 0 ? "NULL" : "\(person)"), \(total), \(memo));\n"
        }
        add(
            TortureSQLiteTable(name: name, columns: ["order_id", "line", "person", "total", "memo"], replay: ""),
            ddl: ddl, rows: rows, requires: "-- (refers to \(people))\n")
        epilogue += "CREATE INDEX \(q(name + "_big")) ON \(q(name)) (total) WHERE total > 100;\n"
        epilogue += """
            CREATE TRIGGER \(q(name + " counted")) AFTER INSERT ON \(q(name)) BEGIN
                UPDATE \(q(people)) SET amount = coalesce(amount, 0) + 1 WHERE id = NEW.person;
            END;

            """
    }
}
