import VeilCore

/// Which generated columns of a PostgreSQL source a SQLite or CSV target cannot compute, for `veil check` and a
/// run to refuse before the first row (the targets themselves refuse too, at ``RowSink/begin(schema:)``).
public enum GeneratedColumnTranslation {
    /// The expression of a generated column the profile writes as NULL (rule `null`), whatever its type: set by the
    /// pipeline in the schema a SQLite or CSV target is given.
    public static let null = "NULL"

    /// A generated column whose expression does not translate to SQLite.
    public struct Untranslatable: Sendable, Hashable {
        public var table: TableName
        public var column: String
        /// What could not be translated (a function, operator, type or cast, never a literal's value).
        public var reason: String
    }

    /// The generated columns of `schema`'s tables with rows of their own (not partitions, whose root declares
    /// them) that do not translate; none for a SQLite or CSV source (schema `""`).
    public static func untranslatable(in schema: DatabaseSchema) -> [Untranslatable] {
        var found: [Untranslatable] = []
        for table in schema.tables where !table.name.schema.isEmpty {
            guard OutputTableNaming.root(of: table.name, in: schema) == table.name else { continue }
            let translator = GenerationExpressionTranslator(table: table)
            for column in table.columns where column.isGenerated {
                do {
                    _ = try translator.translate(column)
                } catch {
                    found.append(Untranslatable(table: table.name, column: column.name, reason: error.reason))
                }
            }
        }
        return found
    }
}
