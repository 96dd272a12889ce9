/// The declared precision and scale of a `numeric(p,s)` / `decimal(p,s)` column.
///
/// Parsed from the declared type string (as ``ColumnType`` parses the rest): `numeric(10,2)` has
/// precision 10 and scale 2, `numeric(8)` scale 0. A bare `numeric` (unbounded) and every other type
/// give `nil`. Rules use it to keep a masked number loadable: at most `precision - scale` integer
/// digits, and `scale` fraction digits.
struct NumericPrecision: Sendable, Equatable {
    /// Total significant digits the column holds.
    let precision: Int
    /// Digits after the decimal point.
    let scale: Int

    init(precision: Int, scale: Int) {
        self.precision = precision
        self.scale = scale
    }

    /// Parses `numeric(p,s)`, `decimal(p,s)`, `numeric(p)` (any case, optional `pg_catalog.`).
    init?(_ declared: String) {
        var text = declared.lowercased().filter { $0 != "\"" && $0 != " " }
        if text.hasPrefix("pg_catalog.") { text.removeFirst("pg_catalog.".count) }
        guard text.hasSuffix(")"), let open = text.firstIndex(of: "(") else { return nil }
        let name = text[..<open]
        guard name == "numeric" || name == "decimal" else { return nil }
        let inside = text[text.index(after: open)..<text.index(before: text.endIndex)]
        let parts = inside.split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
        guard let first = parts.first, let precision = first, precision >= 1 else { return nil }
        var scale = 0
        if parts.count == 2 {
            guard let declaredScale = parts[1], declaredScale >= 0, declaredScale <= precision else { return nil }
            scale = declaredScale
        } else if parts.count != 1 {
            return nil
        }
        self.init(precision: precision, scale: scale)
    }

    /// The largest magnitude the column accepts at `scale` fraction digits, as a scaled integer
    /// (`numeric(5,2)` at scale 2: 99999, meaning 999.99), or `nil` when it exceeds what 18 digits hold.
    func maximumMagnitude(atScale workingScale: Int) -> UInt64? {
        let integerDigits = precision - scale
        let digits = integerDigits + workingScale
        guard digits <= 18 else { return nil }
        var value: UInt64 = 1
        for _ in 0..<digits { value *= 10 }
        return value - 1
    }
}
