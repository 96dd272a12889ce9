import VeilCore

/// A foreign key that pg_dump adds to an ordinary table (`ALTER TABLE ONLY t ADD CONSTRAINT name FOREIGN KEY ...;`),
/// split in two so that several tables' keys are checked at once: the key is added without checking the rows
/// (``addUnchecked``, the statement with `NOT VALID`: no scan; in the script's order on one session, or, for a key
/// that goes early (``SQLScriptRunner/run(on:rows:)``), on any session but one add at a time), then ``validate``
/// (`ALTER TABLE ONLY t VALIDATE CONSTRAINT name;`) checks it on any free session.
///
/// Why the split: `ADD CONSTRAINT ... FOREIGN KEY` takes SHARE ROW EXCLUSIVE on both tables, so two keys that share
/// a table (`orders → customers`, `payments → orders`) wait on each other; `VALIDATE CONSTRAINT` takes SHARE UPDATE
/// EXCLUSIVE on its own table and only ROW SHARE on the referenced one, so they run side by side. The end state is
/// the same catalog entry (`convalidated` true), and rows that break the key fail the validation with the server's
/// usual message.
///
/// Only `ALTER TABLE ONLY`: pg_dump writes a partitioned table's key without `ONLY` (it recurses into partitions),
/// and PostgreSQL refuses `NOT VALID` keys on partitioned tables, so those run as written. A key the source itself
/// holds `NOT VALID` is not one either: it runs as written and is never validated.
struct ForeignKeyValidation {
    /// The script's statement with `NOT VALID` before its `;`.
    let addUnchecked: String
    /// `ALTER TABLE ONLY <table as written> VALIDATE CONSTRAINT <name as written>;`
    let validate: String
    /// The table the key is on (unqualified names in `public`, as ``ParallelTableBuilds`` names tables).
    let table: TableName
    /// The table it references, when the statement names one after `REFERENCES` as pg_dump writes it.
    let referenced: TableName?

    /// The split of `statement` when it adds a checked foreign key to one ordinary table; nil otherwise.
    init?(_ statement: TokenCursor) {
        var cursor = statement
        guard cursor.accept("alter", "table", "only") else { return nil }
        let tableStart = cursor.index
        guard let table = cursor.qualifiedName(defaultSchema: "public") else { return nil }
        let tableEnd = cursor.index
        guard cursor.accept("add", "constraint") else { return nil }
        let nameStart = cursor.index
        guard cursor.identifier() != nil, cursor.isWords("foreign", "key") else { return nil }
        let nameEnd = cursor.index
        var rest = cursor
        if rest.seekTopLevel("not", "valid") { return nil }
        self.table = table
        _ = cursor.accept("foreign", "key")
        referenced =
            cursor.identifierList() != nil && cursor.accept("references")
            ? cursor.qualifiedName(defaultSchema: "public") : nil
        guard let last = statement.tokens.last, last.kind == .symbol(UInt8(ascii: ";")) else { return nil }
        addUnchecked = Self.text(statement, 0, last.start) + " NOT VALID;"
        validate =
            "ALTER TABLE ONLY "
            + Self.text(statement, statement.tokens[tableStart].start, statement.tokens[tableEnd - 1].end)
            + " VALIDATE CONSTRAINT "
            + Self.text(statement, statement.tokens[nameStart].start, statement.tokens[nameEnd - 1].end) + ";"
    }

    /// The statement's bytes from `start` to `end`, as written.
    private static func text(_ statement: TokenCursor, _ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: statement.bytes[start..<end]), as: UTF8.self)
    }
}
