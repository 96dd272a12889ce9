import Foundation
import VeilCore
import VeilMasking

/// Suggests one column's rule from its facts (see ``ColumnFacts``): what its name says, its declared type and
/// key facts, and what its sampled values looked like.
///
/// Confident suggestions (name and values agree, or an unambiguous id, flag or timestamp) carry no review
/// marker; everything else does, with the reason. When in doubt whether a column is personal it is masked and
/// marked rather than kept unmarked. Foreign keys are aligned afterwards (see ``ForeignKeyAlignment``); a
/// unique key always gets a rule that keeps it unique (see ``UniqueKeyFit``).
public struct RuleSuggester: Sendable {
    /// Share of non-empty sampled values that must agree before values count as evidence.
    static let majority = 0.8

    public init() {}

    public func suggest(_ facts: ColumnFacts) -> SuggestedRule {
        let rule = baseSuggestion(facts)
        return UniqueKeyFit.fit(NotNullFit.fit(rule, facts), facts)
    }

    private func baseSuggestion(_ facts: ColumnFacts) -> SuggestedRule {
        let sample = facts.sample
        let hint = facts.hint
        if facts.column.isGenerated { return .keep }
        switch facts.category {
        case .boolean, .derived:
            return .keep
        case .uuid:
            return hint == .identifier || facts.isUnique ? .keep : textRule(facts)
        case .number:
            return numberRule(facts)
        case .temporal:
            return temporalRule(facts)
        case .binary:
            return SuggestedRule("null", review: "binary data (a picture, a document?): null drops it")
        case .json:
            if let rule = jsonPathsRule(facts) { return rule }
            if sample.piiShare > 0 {
                return SuggestedRule(
                    "scrub",
                    review: "JSON with personal data in \(percent(sample.piiShare)) of "
                        + "the sampled values: scrub masks it inside; `json` with paths is finer")
            }
            return .keep(review: "JSON document: no personal data in the sample; mask fields with `json` paths if any")
        case .ipAddress:
            return SuggestedRule("ip")
        case .macAddress:
            // A device's hardware address identifies its owner's device: personal data.
            return SuggestedRule("fake.mac")
        case .array:
            if let rule = elementRule(facts) { return rule }
            return facts.tableHoldsPeople ? .keep(review: "an array in a table about people") : .keep
        case .text:
            return textRule(facts)
        }
    }

    /// `json` with a rule per path, when the sampled documents hold personal data at known paths (a name, an email,
    /// a phone — what `scrub` alone would not find, names above all); nil when no path calls for masking.
    private func jsonPathsRule(_ facts: ColumnFacts) -> SuggestedRule? {
        var paths: [(path: String, rule: SuggestedRule)] = []
        for (path, sample) in facts.jsonLeaves.sorted(by: { $0.key < $1.key }) where sample.nonEmpty > 0 {
            let key = Self.lastKey(of: path)
            let leaf = ColumnFacts(
                table: facts.table, column: Column(name: key, type: "text"), sample: sample,
                tableHoldsPeople: facts.tableHoldsPeople, tableHoldsAddresses: facts.tableHoldsAddresses,
                isReferenced: facts.isReferenced)
            let rule = baseSuggestion(leaf)
            guard rule.name != "keep", rule.name != "json", rule.arguments.allSatisfy({ !$0.isYAML }) else { continue }
            paths.append((path, rule))
        }
        guard !paths.isEmpty else { return nil }
        let writer = ProfileSkeletonWriter(version: "")
        let map = paths.map { item in
            var rule = item.rule
            rule.review = nil
            rule.unique = false
            return "\(YAMLText.quoted(item.path)): \(writer.ruleText(rule))"
        }
        return SuggestedRule(
            "json",
            arguments: [SuggestedRule.Argument("paths", "{ " + map.joined(separator: ", ") + " }", isYAML: true)],
            review: "JSON with personal data at \(paths.count) path(s), each masked by its own rule; other leaves are "
                + "kept: check the paths (unmatched: fail stops on fields the sample did not show)")
    }

    /// The last key of a leaf's path (`$.contact.email` → `email`, `$['home phone']` → `home phone`), for its name's
    /// hint; `[*]` steps are skipped.
    static func lastKey(of path: String) -> String {
        var text = Substring(path)
        while text.hasSuffix("[*]") { text = text.dropLast(3) }
        if text.hasSuffix("']") || text.hasSuffix("\"]"),
            let open = text.range(of: "['", options: .backwards)
                ?? text.range(of: "[\"", options: .backwards)
        {
            return String(text[open.upperBound..<text.index(text.endIndex, offsetBy: -2)])
        }
        if let dot = text.lastIndex(of: ".") { return String(text[text.index(after: dot)...]) }
        return String(text)
    }

    /// The rule the elements of an array column call for, applied element by element (`email` on a `text[]` of
    /// addresses); nil when they call for nothing but keep or null.
    private func elementRule(_ facts: ColumnFacts) -> SuggestedRule? {
        guard let elements = facts.elements, elements.nonEmpty > 0,
            let elementType = ArrayElementsTransformer.elementType(of: facts.column.type)
        else { return nil }
        var column = facts.column
        column.type = elementType
        column.isNotNull = false
        let element = ColumnFacts(
            table: facts.table, column: column, sample: elements, tableHoldsPeople: facts.tableHoldsPeople,
            tableHoldsAddresses: facts.tableHoldsAddresses, isReferenced: facts.isReferenced)
        var rule = baseSuggestion(element)
        guard !["keep", "null"].contains(rule.name) else { return nil }
        rule.unique = false
        return rule
    }

    // MARK: Numbers and dates

    private func numberRule(_ facts: ColumnFacts) -> SuggestedRule {
        switch facts.hint {
        case .identifier, .timestamp: return .keep
        case .salary:
            return amountRule(facts, review: "an amount about a person (salary?): noise moves it by up to 10 %")
        case .personalNumber:
            return amountRule(
                facts, review: "a number about a person (age, height, weight?): noise moves it by up to 10 %")
        case .cardExpiry:
            return .keep(review: cardExpiryReview(facts))
        case .phone, .ssn, .card, .iban, .postcode, .birthDate:
            // Numbers that are wholly personal data (card numbers stored as integers): masked, not kept.
            if let (kind, share) = facts.sample.dominantKind, share >= Self.majority,
                [.card, .phone, .ssn].contains(kind)
            {
                return SuggestedRule(
                    "fpe",
                    review: "the name says \(facts.hint.label) and \(Int(share * 100)) % of the sampled numbers are "
                        + "\(kind.rawValue) numbers: fpe enciphers their digits")
            }
            return .keep(review: "the name says \(facts.hint.label) but the column holds numbers: mask it if it is one")
        default:
            return unnamedNumberRule(facts)
        }
    }

    /// A number whose name says nothing: kept, and marked in a table about people unless it is a key of the table
    /// or a flag (at most two distinct values), since a number beside a person may say something about them.
    private func unnamedNumberRule(_ facts: ColumnFacts) -> SuggestedRule {
        guard facts.tableHoldsPeople else { return .keep }
        let table = facts.table
        let name = facts.column.name
        let isKey =
            table.primaryKey?.contains(name) == true || table.foreignKeys.contains { $0.columns.contains(name) }
            || table.uniqueKeys.contains { $0.contains(name) }
        if isKey || (facts.sample.nonEmpty > 0 && facts.sample.distinctCount <= 2) { return .keep }
        return .keep(review: "a number in a table about people: keep if it says nothing about them (a count, a code)")
    }

    /// A card's expiry: marked for review, more pointedly beside a card number.
    private func cardExpiryReview(_ facts: ColumnFacts) -> String {
        let besideCard = facts.table.columns.contains { ColumnNameHint(columnName: $0.name) == .card }
        return besideCard
            ? "a card's expiry beside its number: null or fake it unless the copy needs it"
            : "an expiry date: keep if it belongs to no card or document of a person"
    }

    /// `noise` for an amount. Drawn value by value, a column of a few distinct amounts (salary bands) would only be
    /// relabelled, each band to one new amount, and the bands stay recognizable: then every row is moved by its own
    /// amount, seeded by its single-column primary key (`by:`), or the review text says so when there is none.
    private func amountRule(_ facts: ColumnFacts, review: String) -> SuggestedRule {
        let sample = facts.sample
        guard sample.distinctCount <= Self.fewAmounts, sample.nonEmpty >= 2 * sample.distinctCount else {
            return SuggestedRule("noise", review: review)
        }
        let few = "only \(sample.distinctCount) distinct amounts in the sample"
        if let key = facts.table.primaryKey, key.count == 1, key[0] != facts.column.name {
            return SuggestedRule(
                "noise", arguments: [SuggestedRule.Argument("by", key[0])],
                review: review + "; \(few): by: \(key[0]) moves each row by its own amount, so the values are not "
                    + "just relabelled")
        }
        return SuggestedRule(
            "noise",
            review: review + "; \(few): noise would only relabel them; set by: to a column unique per row, or use "
                + "fake.decimal")
    }

    /// At most this many distinct amounts, each repeated, make a column of bands rather than of amounts.
    static let fewAmounts = 20

    private func temporalRule(_ facts: ColumnFacts) -> SuggestedRule {
        let sample = facts.sample
        let birthShare = sample.dates == 0 ? 0 : Double(sample.birthRangeDates) / Double(sample.dates)
        if facts.hint == .birthDate {
            if sample.dates == 0 || birthShare >= Self.majority { return SuggestedRule("fake.date_of_birth") }
            return SuggestedRule("fake.date_of_birth", review: "the name says birth date but few sampled dates are")
        }
        if facts.hint == .timestamp || facts.hint == .identifier { return .keep }
        if sample.dates > 0, birthShare >= Self.majority, facts.tableHoldsPeople {
            return SuggestedRule(
                "shift_date", arguments: [.init("max_days", "365")],
                review: "dates in a plausible birth range (values only): a birth date wants fake.date_of_birth")
        }
        return .keep
    }

    // MARK: Text

    private func textRule(_ facts: ColumnFacts) -> SuggestedRule {
        let sample = facts.sample
        let hint = facts.hint
        if let rule = valueKindRule(facts) { return rule }
        switch hint {
        case .email:
            if sample.nonEmpty == 0 { return emailRule(facts).marked("no sampled value to confirm the name") }
            return SuggestedRule(
                "fake.email",
                review: "the name says email but \(percent(1 - sample.share(sample.wholeKinds[.email] ?? 0)))"
                    + " of the sampled values are not addresses")
        case .phone:
            if sample.nonEmpty > 0, sample.share(sample.manyDigits) >= Self.majority { return SuggestedRule("phone") }
            return SuggestedRule(
                "fake.phone",
                review: sample.nonEmpty == 0
                    ? "no sampled value to confirm the name"
                    : "the name says phone but not all sampled values have six or more digits")
        case .card: return SuggestedRule("fake.card", review: "the name says card number; no sampled value is one")
        case .iban: return SuggestedRule("fake.iban", review: "the name says IBAN; no sampled value is one")
        case .ssn: return SuggestedRule("fake.ssn", review: "the name says SSN; no sampled value is one")
        case .ip: return SuggestedRule("fake.ipv4", review: "the name says IP address; no sampled value is one")
        case .secret: return secretRule(facts)
        case .username: return SuggestedRule("fake.username")
        case .firstName: return nameRule("fake.first_name", facts)
        case .lastName: return nameRule("fake.last_name", facts)
        case .fullName: return nameRule("fake.full_name", facts)
        case .genericName:
            if facts.tableHoldsPeople { return nameRule("fake.full_name", facts) }
            if sample.nameShare >= 0.5 {
                return SuggestedRule("fake.full_name", review: "a `name` whose values look like people's names")
            }
            return .keep(review: "a `name` in a table that does not hold people: keep if it names no person")
        case .company:
            return facts.tableHoldsPeople
                ? SuggestedRule("fake.company")
                : .keep(review: "a company name outside a table of people: keep unless it identifies someone")
        case .jobTitle: return SuggestedRule("fake.job_title")
        case .streetAddress: return SuggestedRule("fake.street_address")
        case .city:
            return facts.tableHoldsAddresses
                ? SuggestedRule("fake.city")
                : .keep(review: "city names of a reference table: keep if they are no one's address")
        case .postcode: return SuggestedRule("fake.postcode")
        case .region:
            return facts.tableHoldsAddresses
                ? SuggestedRule("fake.state", review: "part of an address: keep if regions are too coarse to matter")
                : .keep(review: "region names of a reference table: keep if they are no one's address")
        case .country:
            return .keep(review: "a country: alone it rarely identifies anyone; fake.country masks it")
        case .birthDate:
            return SuggestedRule("fake.date_of_birth", review: "the name says birth date; the values are not ISO dates")
        case .picture: return SuggestedRule("null", review: "a picture or document")
        case .salary: return amountRule(facts, review: "an amount about a person (salary?)")
        case .personalNumber:
            return .keep(review: "the name says a number about a person (age, height, weight?): mask it if it is one")
        case .cardExpiry: return .keep(review: cardExpiryReview(facts))
        case .sensitive: return .keep(review: "a sensitive attribute: keep only if the copy may show it")
        case .title where facts.tableHoldsPeople:
            return .keep(review: "a title in a table of people (job or honorific)")
        case .freeText, .title, .identifier, .timestamp, .none:
            return otherTextRule(facts)
        }
    }

    /// Values that are wholly emails, cards, IBANs, SSNs, phones or IP addresses.
    private func valueKindRule(_ facts: ColumnFacts) -> SuggestedRule? {
        guard let (kind, share) = facts.sample.dominantKind, share >= Self.majority else { return nil }
        let rule: SuggestedRule
        let agrees: Bool
        switch kind {
        case .email:
            rule = emailRule(facts)
            agrees = facts.hint == .email
        case .card:
            rule = SuggestedRule("card")
            agrees = facts.hint == .card
        case .iban:
            rule = SuggestedRule("iban")
            agrees = facts.hint == .iban
        case .ssn:
            rule = SuggestedRule("ssn")
            agrees = facts.hint == .ssn
        case .phone:
            rule = SuggestedRule("phone")
            agrees = facts.hint == .phone
        case .ipv4, .ipv6:
            rule = SuggestedRule("ip")
            agrees = facts.hint == .ip
        }
        if agrees { return rule }
        return rule.marked("\(percent(share)) of the sampled values are \(kind.plural); the name does not say so")
    }

    /// `email` (reversible, one-to-one); on a `varchar(n)` too short for its 12 added characters, with
    /// `mail_domain: tokenize`, which keeps the length.
    private func emailRule(_ facts: ColumnFacts) -> SuggestedRule {
        if let limit = ColumnType(facts.column.type).maximumLength, facts.sample.maximumLength + 16 > limit {
            return SuggestedRule("email", arguments: [.init("mail_domain", "tokenize")])
        }
        return SuggestedRule("email")
    }

    private func nameRule(_ rule: String, _ facts: ColumnFacts) -> SuggestedRule {
        let sample = facts.sample
        if sample.nonEmpty == 0 { return SuggestedRule(rule, review: "no sampled value to confirm the name") }
        if sample.nameShare >= 0.3 { return SuggestedRule(rule) }
        return SuggestedRule(rule, review: "the name says a person's name; few sampled values are known names")
    }

    /// Passwords, tokens, hashes: a keyed hash of the same shape (hex stays hex, the length is kept).
    private func secretRule(_ facts: ColumnFacts) -> SuggestedRule {
        let sample = facts.sample
        let hex = sample.nonEmpty > 0 && sample.hexOnly == sample.nonEmpty
        var length = sample.maximumLength > 0 ? min(max(sample.maximumLength, 16), 64) : 16
        if let limit = ColumnType(facts.column.type).maximumLength { length = min(length, limit) }
        return SuggestedRule("hmac", arguments: [.init("format", hex ? "hex" : "alnum"), .init("length", "\(length)")])
    }

    /// Text without a name hint: people's names, PII inside free text, free text, codes.
    private func otherTextRule(_ facts: ColumnFacts) -> SuggestedRule {
        let sample = facts.sample
        if sample.share(sample.containingPII) > 0 || (sample.piiShare > 0 && facts.hint == .freeText) {
            let found = sample.containingPII + sample.wholeKinds.values.reduce(0, +)
            return SuggestedRule(
                "scrub", review: "free text with personal data inside \(found) of \(sample.nonEmpty) sampled values")
        }
        if sample.nameShare >= 0.6, sample.nonEmpty >= 5 {
            let shape = sample.nameShapes.max { $0.value < $1.value }?.key ?? .fullName
            let rule =
                shape == .firstName ? "fake.first_name" : shape == .lastName ? "fake.last_name" : "fake.full_name"
            return SuggestedRule(
                rule,
                review: "\(percent(sample.nameShare)) of the sampled values look like "
                    + "people's names (values only)")
        }
        let isFreeText = facts.hint == .freeText || sample.averageLength >= 40
        if isFreeText {
            if facts.tableHoldsPeople {
                return SuggestedRule("scrub", review: "free text in a table of people: no personal data in the sample")
            }
            return .keep(review: "free text: no personal data in the sample; scrub it if it can hold any")
        }
        if sample.nameShare >= 0.3, sample.nonEmpty >= 5 {
            return SuggestedRule(
                "fake.full_name",
                review: "\(percent(sample.nameShare)) of the sampled values "
                    + "look like people's names")
        }
        if facts.tableHoldsPeople, facts.hint == .none, sample.distinctRatio > 0.5, sample.nonEmpty >= 5 {
            return .keep(review: "varied text in a table of people; no sign of personal data in the sample")
        }
        return evidentlyNotPersonal(facts)
            ? .keep : .keep(review: "text with no sign of personal data in the sample: confirm it names no one")
    }

    /// Text kept without a marker only on evidence that it is not personal: the name says identifier or timestamp,
    /// the table is a reference table (referenced by foreign keys, holding no people), or the values are a handful
    /// of codes repeated across many rows (a status, a type). An empty sample is no evidence.
    private func evidentlyNotPersonal(_ facts: ColumnFacts) -> Bool {
        let sample = facts.sample
        if facts.hint == .identifier || facts.hint == .timestamp { return true }
        if facts.isReferenced && !facts.tableHoldsPeople { return true }
        return sample.nonEmpty >= 20 && sample.distinctRatio <= 0.1
    }

    private func percent(_ share: Double) -> String { "\(Int((share * 100).rounded())) %" }
}

extension ColumnNameHint {
    /// How a reason names what the column name says.
    var label: String {
        switch self {
        case .birthDate: "birth date"
        case .ssn: "SSN"
        case .iban: "IBAN"
        case .postcode: "postcode"
        case .card: "card number"
        case .personalNumber: "a number about a person"
        case .cardExpiry: "card expiry"
        default: rawValue
        }
    }
}

extension PersonalValueKind {
    var plural: String {
        switch self {
        case .email: "email addresses"
        case .card: "Luhn-valid card numbers"
        case .iban: "IBANs"
        case .ssn: "SSNs"
        case .phone: "phone numbers"
        case .ipv4: "IPv4 addresses"
        case .ipv6: "IPv6 addresses"
        }
    }
}
