import VeilCore

/// Watches the passthrough text a ``PgDumpWriter`` copies, to learn what it needs to write row data the way
/// pg_dump would in that place: `standard_conforming_strings` (how to quote literals), the search path (old
/// dumps leave names unqualified), and from the DDL which columns are generated (`DEFAULT` in `INSERT`s
/// without a column list) and which tables have `GENERATED ALWAYS AS IDENTITY` columns (`OVERRIDING SYSTEM
/// VALUE`).
///
/// Best effort: text it cannot follow only makes the writer fall back to explicit column lists.
final class DumpObserver {
    private let window = ByteWindow()
    private let scanner: DumpScanner
    private var builder = SchemaBuilder()
    private var isBroken = false

    init() {
        scanner = DumpScanner(window: window)
    }

    /// The settings in effect after the text seen so far.
    var session: DumpSession { scanner.session }

    /// A table as the DDL seen so far declares it.
    subscript(table: TableName) -> TableSchema? { builder[table] }

    /// True when the table has a `GENERATED ALWAYS AS IDENTITY` column.
    func hasIdentityAlways(_ table: TableName) -> Bool {
        !(builder.identityAlways[table] ?? []).isEmpty
    }

    /// Follows more passthrough text.
    func observe(_ text: String) {
        guard !isBroken else { return }
        var text = text
        text.withUTF8 { window.append(UnsafeRawBufferPointer($0)) }
        do {
            while let unit = try scanner.next() {
                guard case .statement(let kind) = unit.kind else { continue }
                switch kind {
                case .createTable:
                    builder.createTable(scanner.statementCursor, defaultSchema: scanner.session.defaultSchema)
                case .alterTable:
                    builder.alterTable(scanner.statementCursor, defaultSchema: scanner.session.defaultSchema)
                case .copyFromStdin:
                    // COPY data never arrives as passthrough; the observer cannot follow text it would skip.
                    isBroken = true
                    return
                default:
                    break
                }
            }
        } catch {
            isBroken = true
        }
    }
}
