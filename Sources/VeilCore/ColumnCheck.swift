/// A CHECK constraint on one column, as the source declares it: `CHECK ((salary > (0)::numeric))`.
///
/// Veil cannot evaluate SQL in general; ``predicate`` understands the common single-column forms
/// (comparisons with constants, `IN` lists, `= ANY (ARRAY[...])`, `char_length`/`length` bounds, `<> ''`,
/// conjunctions of these), so masked values that would break them are caught before anything is written.
public struct ColumnCheck: Hashable, Sendable {
    /// The constraint's name, when it has one.
    public var name: String?
    /// The condition inside `CHECK (...)`, as written.
    public var expression: String
    /// The check belongs to the column's domain (`CREATE DOMAIN ... CHECK (VALUE ...)`): its expression names the
    /// value `VALUE`, not the column.
    public var isDomainCheck: Bool

    public init(name: String?, expression: String, isDomainCheck: Bool = false) {
        self.name = name
        self.expression = expression
        self.isDomainCheck = isDomainCheck
    }

    /// The condition as a predicate on `column`'s text values, or `nil` when Veil cannot tell what it means.
    public func predicate(column: String) -> CheckPredicate? {
        CheckPredicate(expression, column: isDomainCheck ? "value" : column)
    }
}
