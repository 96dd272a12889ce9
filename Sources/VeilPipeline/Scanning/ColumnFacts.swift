import VeilCore
import VeilMasking

/// Everything `veil scan` knows about one column when it suggests a rule: the schema's facts, the table's
/// character, what the name says and what the sampled values showed.
public struct ColumnFacts: Sendable {
    public var table: TableSchema
    public var column: Column
    public var sample: ColumnSample
    /// The table holds people (its name, or person columns such as a first name or an email).
    public var tableHoldsPeople: Bool
    /// The table holds addresses (a street address column), or people.
    public var tableHoldsAddresses: Bool
    /// Another table references this one through a foreign key (reference data: countries, categories).
    public var isReferenced: Bool
    /// For an array column: its elements' sample (every element of the sampled values, up to a few per value).
    public var elements: ColumnSample?
    /// For a JSON column: its string leaves' samples by path (`$.contact.email`).
    public var jsonLeaves: [String: ColumnSample] = [:]

    public init(
        table: TableSchema, column: Column, sample: ColumnSample, tableHoldsPeople: Bool = false,
        tableHoldsAddresses: Bool = false, isReferenced: Bool = false, elements: ColumnSample? = nil
    ) {
        self.table = table
        self.column = column
        self.sample = sample
        self.tableHoldsPeople = tableHoldsPeople
        self.tableHoldsAddresses = tableHoldsAddresses || tableHoldsPeople
        self.isReferenced = isReferenced
        self.elements = elements
    }

    public var hint: ColumnNameHint { ColumnNameHint(columnName: column.name) }
    public var category: ValueCategory { ValueCategory(declaredType: column.type, sample: sample, hint: hint) }
    /// The column's values must stay distinct: it alone is the primary key or a unique key, or a partial or
    /// expression unique index reads it alone.
    public var isUnique: Bool { table.mustStayDistinct(column.name) }
    public var qualifiedName: String { "\(table.name).\(column.name)" }
}

/// Which tables hold people or addresses, judged from table and column names.
enum TableCharacter {
    static let peopleWords: Set<String> = [
        "customer", "customers", "client", "clients", "user", "users", "person", "people", "persons", "employee",
        "employees", "staff", "member", "members", "patient", "patients", "contact", "contacts", "account",
        "accounts", "author", "authors", "student", "students", "applicant", "applicants", "subscriber",
        "subscribers", "guest", "guests", "owner", "owners", "tenant", "tenants", "visitor", "visitors", "driver",
        "drivers", "profile", "profiles", "candidate", "candidates", "supplier", "suppliers", "vendor", "vendors",
    ]

    static func holdsPeople(_ table: TableSchema) -> Bool {
        let words = ColumnNameHint.words(of: table.name.name)
        if words.contains(where: peopleWords.contains) { return true }
        let hints = table.columns.map { ColumnNameHint(columnName: $0.name) }
        return hints.contains { [.firstName, .lastName, .fullName, .email, .birthDate].contains($0) }
    }

    static func holdsAddresses(_ table: TableSchema) -> Bool {
        table.columns.contains { ColumnNameHint(columnName: $0.name) == .streetAddress && !isKeyLike($0) }
    }

    private static func isKeyLike(_ column: Column) -> Bool {
        ColumnType(column.type).isNumeric
    }
}
