import Foundation

/// One generated CSV file: its table (the file's name without `.csv`), header and rows as the model the file was
/// written from (NULL as nil), and the file's text.
struct TortureCSVFile {
    let table: String
    let model: TortureCSVText.Table
    let text: String
    /// How it was written (delimiter, line end, BOM, quoting), for replay.
    let shape: String
}

/// CSV sources made from one seed: a folder of files or a single file, all with one delimiter (`,`, `;` or a
/// tab); per file a BOM or not, LF or CRLF line ends, minimal or full quoting, a final line end or not; fields
/// holding the delimiter, quotes, LF, CRLF and lone CR, `""` (empty) beside NULL, `NULL` and `\N` as text, leading
/// and trailing spaces, emoji; planted canary emails, phones, card numbers and Latin, Cyrillic and CJK names in
/// columns with telling and odd names, free text and JSON text.
struct TortureCSVSource {
    let seed: UInt64
    let rowCap: Int
    let delimiter: Character
    let singleFile: Bool
    private(set) var files: [TortureCSVFile] = []
    private var canaryMaker: TortureCanaries
    private var random: TortureRandom

    var canaries: [String] { canaryMaker.planted }

    /// The `--csv-delimiter` spelling (`tab` for a tab), or nil for a comma.
    var delimiterOption: String? { delimiter == "," ? nil : delimiter == "\t" ? "tab" : String(delimiter) }

    init(seed: UInt64, rowCap: Int) {
        self.seed = seed
        self.rowCap = max(rowCap, 2)
        canaryMaker = TortureCanaries(seed: seed)
        random = TortureRandom(seed: seed &+ 0x00C5_7000)
        delimiter = random.pick([",", ",", ";", "\t"])
        singleFile = random.chance(0.25)
        let peopleName = random.pick(["people", "Kunden ü", "顧客", "clients 2024"])
        let peopleModel = people()
        let peopleFile = write(peopleName, peopleModel)
        files.append(peopleFile)
        guard !singleFile else { return }
        for name in random.sample(["things", "Größe Tabelle", "表", "notes;misc", "select"], random.int(1...2)) {
            let model = payload()
            let file = write(name, model)
            files.append(file)
        }
        if random.chance(0.4) {
            let model = oneColumn()
            let file = write("one column", model)
            files.append(file)
        }
    }

    private static let awkward = [
        "plain", "comma, inside", "semi;colon", "tab\there", "line\nbreak", "crlf\r\nbreak", "lone\rcr",
        "quote \"inside\"", "\"", "'single'", "NULL", "\\N", "\\.", " spaced ", "emoji 🦊🏳️‍🌈", "e\u{301} combining",
        "ünïcødé ß", "1e999", "-0", "0042", "=SUM(A1)", "",
    ]

    private mutating func awkwardText(_ row: Int) -> String? {
        if random.chance(0.1) { return nil }
        return random.pick(Self.awkward) + (random.chance(0.5) ? " r\(row)" : "")
    }

    /// People: an id, an email, a name, a phone, a card, free text and JSON text with more personal data, payload.
    private mutating func people() -> TortureCSVText.Table {
        let email = random.pick(["email", "E-Mail", "電子メール"])
        let name = random.pick(["full_name", "Имя", "名前", "name"])
        let payload = random.sample(
            ["status", "Größe", "a\"quote", "Mixed Case", "col, with comma"], random.int(1...3))
        var rows: [[String?]] = []
        for row in 0..<random.int(rowCap / 2...rowCap) {
            var notes = (awkwardText(row) ?? "") + " write to \(canaryMaker.email()), call \(canaryMaker.phone())"
            if TortureFileSeeds.namesInText { notes += ", \(canaryMaker.name(script: row + 2))" }
            let inside = canaryMaker.name(script: row + 1)
            let profile =
                "{\"contact\": {\"email\": \"\(canaryMaker.email())\", \"name\": "
                + "\"\(inside)\"}, \"tier\": \(row % 4)}"
            var values: [String?] = [
                "\(row + 1)", canaryMaker.email(), canaryMaker.name(script: row),
                row % 5 == 4 ? nil : canaryMaker.phone(), canaryMaker.card(), notes, profile,
            ]
            for _ in payload { values.append(awkwardText(row)) }
            rows.append(values)
        }
        let header = ["id", email, name, "phone", "card_number", "notes", "profile"] + payload
        return TortureCSVText.Table(header: header, rows: rows)
    }

    /// Payload columns only: awkward text, numbers as text, empty beside NULL.
    private mutating func payload() -> TortureCSVText.Table {
        let header =
            ["id"] + random.sample(["label", "amount", "code", "wert 2", "列名", "from", "x"], random.int(2...5))
        var rows: [[String?]] = []
        for row in 0..<random.int(0...rowCap) {
            var values: [String?] = ["\(row + 1)"]
            for _ in header.dropFirst() {
                let numeric = random.chance(0.3)
                values.append(
                    numeric ? random.pick(["12.50", "-1", "9007199254740993", "0", "", "Infinity"]) : awkwardText(row))
            }
            rows.append(values)
        }
        return TortureCSVText.Table(header: header, rows: rows)
    }

    /// One column, whose NULL rows are blank lines.
    private mutating func oneColumn() -> TortureCSVText.Table {
        var rows: [[String?]] = []
        for row in 0..<random.int(1...rowCap) { rows.append([random.chance(0.3) ? nil : "v\(row)"]) }
        return TortureCSVText.Table(header: ["value"], rows: rows)
    }

    /// The file's text from its model, in a shape drawn for it.
    private mutating func write(_ table: String, _ model: TortureCSVText.Table) -> TortureCSVFile {
        let bom = random.chance(0.3)
        let lineEnd = random.pick(["\n", "\r\n"])
        let always = random.chance(0.3)
        // A one-column file whose last row is NULL needs its final line end: without it the row is not there.
        let finalLineEnd = random.chance(0.7) || (model.header.count == 1 && model.rows.last == [nil])
        let records = [model.header.map { Optional($0) }] + model.rows
        var text = records.map { record in
            record.map { TortureCSVText.field($0, delimiter: delimiter, always: always) }
                .joined(separator: String(delimiter))
        }.joined(separator: lineEnd)
        if finalLineEnd { text += lineEnd }
        if bom { text = "\u{FEFF}" + text }
        let shape =
            "delimiter \(delimiter.debugDescription), \(lineEnd == "\n" ? "LF" : "CRLF"), "
            + "\(bom ? "BOM" : "no BOM"), \(always ? "every field quoted" : "minimal quoting"), "
            + "\(finalLineEnd ? "final line end" : "no final line end")"
        return TortureCSVFile(table: table, model: model, text: text, shape: shape)
    }
}
