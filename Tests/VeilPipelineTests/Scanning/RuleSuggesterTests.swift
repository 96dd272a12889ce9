import Testing
import VeilCore
import VeilMasking

@testable import VeilPipeline

/// A column's facts with its sampled values.
private func facts(
    _ column: String, type: String = "text", values: [String?], table: String = "t", primaryKey: [String]? = nil,
    uniqueKeys: [[String]] = [], notNull: Bool = false, otherColumns: [Column] = []
) -> ColumnFacts {
    let classifier = ValueClassifier()
    var sample = ColumnSample(currentYear: 2026)
    for value in values { sample.add(value, classifier: classifier) }
    let schema = TableSchema(
        name: TableName(schema: "public", name: table),
        columns: [Column(name: column, type: type, isNotNull: notNull)] + otherColumns, primaryKey: primaryKey,
        uniqueKeys: uniqueKeys)
    return ColumnFacts(
        table: schema, column: schema.columns[0], sample: sample,
        tableHoldsPeople: TableCharacter.holdsPeople(schema), tableHoldsAddresses: TableCharacter.holdsAddresses(schema)
    )
}

private let emails = (1...50).map { "person\($0).x@mail\($0 % 7).example.org" }

@Suite("veil scan: rule suggestions")
struct RuleSuggesterTests {
    let suggester = RuleSuggester()

    @Test("a column of emails named `contact` gets an email rule marked for review")
    func emailsUnderAnotherName() {
        let rule = suggester.suggest(facts("contact", values: emails))
        #expect(rule.name == "email")
        #expect(rule.review?.contains("email address") == true)
    }

    @Test("an `email` column of emails is confident; a unique one gets a bijective rule")
    func confidentAndUniqueEmail() throws {
        let plain = suggester.suggest(facts("email", values: emails))
        #expect(plain.name == "email")
        #expect(plain.review == nil)
        let unique = suggester.suggest(
            facts("email", type: "character varying(40)", values: emails, uniqueKeys: [["email"]]))
        let definition = try #require(BuiltinRules.named(unique.name))
        #expect(definition.isBijective(UniqueKeyFit.parameterValues(unique)))
        // 12 added characters would not fit varchar(40): the length-keeping mode instead.
        #expect(unique.argument("mail_domain") == "tokenize")
    }

    @Test("macaddr and macaddr8 columns get fake.mac, never ip (macaddr8 values read like IPv6 addresses)")
    func macAddresses() {
        for (type, value) in [("macaddr8", "08:00:2b:01:02:03:04:05"), ("macaddr", "08:00:2b:01:02:03")] {
            let rule = suggester.suggest(facts("device", type: type, values: Array(repeating: value, count: 20)))
            #expect(rule.name == "fake.mac", "\(type): \(rule)")
        }
    }

    @Test("text without evidence it is not personal is kept marked; repeated codes are kept unmarked")
    func unmarkedKeepNeedsEvidence() {
        let varied = (1...30).map { "Иван Петров \($0)" }
        let marked = suggester.suggest(facts("label", values: varied, table: "devices"))
        #expect(marked.name != "keep" || marked.review != nil, "\(marked)")
        let codes = (1...60).map { ["open", "closed", "pending"][$0 % 3] }
        #expect(suggester.suggest(facts("status", values: codes, table: "tickets")) == .keep)
    }

    @Test("an integer primary key `id` is kept, unmarked; so are timestamps and flags")
    func identifiersAndTimestamps() {
        let id = suggester.suggest(facts("id", type: "integer", values: (1...20).map { "\($0)" }, primaryKey: ["id"]))
        #expect(id == .keep)
        let updated = suggester.suggest(
            facts("last_update", type: "timestamp with time zone", values: ["2022-02-15 09:57:20+00"]))
        #expect(updated == .keep)
        let flag = suggester.suggest(facts("active", type: "boolean", values: ["t", "f"]))
        #expect(flag == .keep)
    }

    @Test("name evidence and value evidence agree: first and last names are confident")
    func personNames() {
        let first = suggester.suggest(facts("first_name", values: ["MARY", "PATRICIA", "LINDA", "BARBARA", "Anna"]))
        #expect(first == SuggestedRule("fake.first_name"))
        let last = suggester.suggest(facts("LastName", values: ["Smith", "Johnson", "Williams", "Brown"]))
        #expect(last == SuggestedRule("fake.last_name"))
        let onlyName = suggester.suggest(facts("surname", values: ["Xq7", "Zz9", "Kk1"]))
        #expect(onlyName.name == "fake.last_name")
        #expect(onlyName.review != nil)
    }

    @Test("values alone that look like names are masked and marked")
    func valuesOnlyNames() {
        let rule = suggester.suggest(
            facts("label", values: ["Mary Smith", "John Brown", "Linda Jones", "James Miller", "Anna Davis"]))
        #expect(rule.name == "fake.full_name")
        #expect(rule.review?.contains("values only") == true)
    }

    @Test("free text with PII inside gets scrub, marked; plain free text outside people tables is kept, marked")
    func freeText() {
        let notes =
            (1...10).map { "Called back on 555-123-4567 about order \($0), all fine" }
            + ["Customer asked for a refund, write to someone@example.com"]
        let scrub = suggester.suggest(facts("notes", values: notes))
        #expect(scrub.name == "scrub")
        #expect(scrub.review != nil)
        let plain = suggester.suggest(
            facts("description", values: ["A Thoughtful Drama of a Robot And a Student who must Chase a Boat"]))
        #expect(plain.name == "keep")
        #expect(plain.review != nil)
    }

    @Test("cards, IBANs and SSNs are found by their check digits")
    func checkedNumbers() {
        #expect(
            suggester.suggest(facts("card_number", values: ["4111 1111 1111 1111", "5500005555555559"])).name == "card")
        #expect(
            suggester.suggest(facts("iban", values: ["DE89370400440532013000", "GB82WEST12345698765432"]))
                == SuggestedRule("iban"))
        let ssn = suggester.suggest(facts("tax", values: ["123-45-6789", "078-05-1120"]))
        #expect(ssn.name == "ssn")
        #expect(ssn.review != nil)
    }

    @Test("NOT NULL columns never get null; a unique lossy rule becomes a collision-safe one")
    func constraints() throws {
        let nullable = suggester.suggest(facts("picture", type: "bytea", values: [nil]))
        #expect(nullable.name == "null")
        let required = suggester.suggest(facts("picture", type: "bytea", values: ["\\x00"], notNull: true))
        #expect(required.name == "keep")
        #expect(required.review != nil)
        let username = suggester.suggest(
            facts("first_name", type: "character varying(45)", values: ["Mike", "Jon"], uniqueKeys: [["first_name"]]))
        let definition = try #require(BuiltinRules.named(username.name))
        let arguments = UniqueKeyFit.parameterValues(username)
        #expect(definition.isBijective(arguments) || (username.unique && (definition.outputBits(arguments) ?? 0) >= 48))
        #expect(username.review != nil)
    }

    @Test("birth dates: by name, fake.date_of_birth; by values only in a people table, shift_date marked")
    func birthDates() {
        let named = suggester.suggest(facts("birth_date", type: "date", values: ["1970-03-04", "1988-11-30"]))
        #expect(named == SuggestedRule("fake.date_of_birth"))
        let valuesOnly = suggester.suggest(
            facts("d", type: "date", values: ["1970-03-04", "1988-11-30"], table: "customer"))
        #expect(valuesOnly.name == "shift_date")
        #expect(valuesOnly.review != nil)
        let events = suggester.suggest(facts("rental_date", type: "timestamp", values: ["2022-05-24 22:53:30"]))
        #expect(events == .keep)
    }
}
