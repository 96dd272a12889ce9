/// What a top-level statement of a dump is, as far as the reader cares.
enum StatementKind: Equatable {
    /// `COPY t [(cols)] FROM stdin;`: row data follows.
    case copyFromStdin
    /// `INSERT INTO ...`: row data in the statement.
    case insert
    case createTable
    case alterTable
    /// `SET ...` or `SELECT pg_catalog.set_config(...)`: may change how later text is read.
    case setting
    /// `COMMENT ON ...` (not on a large object).
    case comment
    /// Any statement about large objects: `lo_create`, `lo_open`/`lowrite`/`lo_close`, `lo_unlink`,
    /// `ALTER LARGE OBJECT`, `GRANT`/`REVOKE ... ON LARGE OBJECT`, `SECURITY LABEL ... ON LARGE OBJECT`, and
    /// `COMMENT ON LARGE OBJECT` (`isComment`).
    case largeObject(isComment: Bool)
    /// `BEGIN;` / `START TRANSACTION;`
    case begin
    /// `COMMIT;` / `END;`
    case commit
    /// Veil's own `DO $veil_sequences$ ... $veil_sequences$;` (``SequenceCatchUpScript``), which a dump Veil wrote
    /// from a live source ends with.
    case veilSequenceCatchUp
    /// Any other statement pg_dump writes: `CREATE`, `ALTER`, `DROP`, `GRANT`, `REVOKE`, `SECURITY LABEL`,
    /// `REFRESH MATERIALIZED VIEW`, `SELECT pg_catalog.setval(...)`, `INSERT ... DEFAULT VALUES`.
    case other
    /// Text pg_dump never writes as a statement: row data outside its COPY block, a COPY that does not read
    /// `FROM stdin`, a damaged keyword. The reader refuses it.
    case unknown

    /// Classifies a complete statement by its leading tokens.
    static func classify(_ cursor: TokenCursor) -> StatementKind {
        if cursor.isWord("insert") { return isDefaultValuesInsert(cursor) ? .other : .insert }
        if cursor.isWord("copy") { return isCopyFromStdin(cursor) ? .copyFromStdin : .unknown }
        if cursor.isWord("set") || cursor.isWord("reset") { return .setting }
        if cursor.isWord("create") { return isCreateTable(cursor) ? .createTable : .other }
        if cursor.isWords("alter", "table") { return .alterTable }
        if cursor.isWords("alter", "large", "object") { return .largeObject(isComment: false) }
        if cursor.isWords("comment", "on") {
            return cursor.isWords("comment", "on", "large", "object") ? .largeObject(isComment: true) : .comment
        }
        if cursor.isWord("select") { return classifySelect(cursor) }
        if cursor.isWord("grant") || cursor.isWord("revoke") || cursor.isWords("security", "label") {
            return mentionsLargeObject(cursor) ? .largeObject(isComment: false) : .other
        }
        // pg_dump writes these bare (`BEGIN;`, `COMMIT;`); with anything after the keyword, the text is not its
        // (a damaged dollar quote can make `END $$; ...` swallow what follows): unknown, so refused.
        if (cursor.isWord("begin") && cursor.isSymbol(";", at: 1))
            || (cursor.isWords("start", "transaction") && cursor.isSymbol(";", at: 2))
        {
            return .begin
        }
        if (cursor.isWord("commit") || cursor.isWord("end")) && cursor.isSymbol(";", at: 1) { return .commit }
        if cursor.isWord("alter") || cursor.isWord("drop") || cursor.isWords("refresh", "materialized", "view") {
            return .other
        }
        if cursor.isWord("do") && isVeilSequenceCatchUp(cursor) { return .veilSequenceCatchUp }
        return .unknown
    }

    /// The dollar-quote tag of Veil's sequence catch-up block.
    static let veilSequencesTag = "$veil_sequences$"

    /// `DO $veil_sequences$ ... $veil_sequences$;` and nothing else.
    private static func isVeilSequenceCatchUp(_ cursor: TokenCursor) -> Bool {
        guard let body = cursor.token(at: 1), body.kind == .dollarString, cursor.isSymbol(";", at: 2),
            cursor.tokens.count - cursor.index == 3
        else { return false }
        let tag = Array(veilSequencesTag.utf8)
        return body.length >= 2 * tag.count && cursor.bytes[body.start..<(body.start + tag.count)].elementsEqual(tag)
    }

    /// `INSERT INTO t DEFAULT VALUES;` holds no row data (pg_dump writes it for tables without columns). Only that
    /// shape: `INSERT INTO`, a name or `schema.name`, `DEFAULT VALUES`. Anything else before `DEFAULT VALUES` (a
    /// damaged name, `INSERT INTO t[DEFAULT VALUES`) reads as an INSERT, whose parser refuses it (fuzz: dump).
    private static func isDefaultValuesInsert(_ cursor: TokenCursor) -> Bool {
        var last = cursor.tokens.count - 1
        if last >= 0 && cursor.tokens[last].kind == .symbol(UInt8(ascii: ";")) { last -= 1 }
        let offset = last - 1 - cursor.index
        guard offset > 0, cursor.isWord("into", at: 1), cursor.isWord("default", at: offset),
            cursor.isWord("values", at: offset + 1)
        else { return false }
        func isName(_ at: Int) -> Bool {
            switch cursor.token(at: at)?.kind {
            case .word, .quotedIdentifier: true
            default: false
            }
        }
        switch offset - 2 {
        case 1: return isName(2)
        case 3: return isName(2) && cursor.token(at: 3)?.kind == .symbol(UInt8(ascii: ".")) && isName(4)
        default: return false
        }
    }

    private static func isCopyFromStdin(_ cursor: TokenCursor) -> Bool {
        var depth = 0
        for offset in 0..<(cursor.tokens.count - cursor.index) {
            switch cursor.token(at: offset)?.kind {
            case .symbol(UInt8(ascii: "(")): depth += 1
            case .symbol(UInt8(ascii: ")")): depth -= 1
            default:
                if depth == 0 && cursor.isWord("from", at: offset) && cursor.isWord("stdin", at: offset + 1) {
                    return true
                }
            }
        }
        return false
    }

    private static func isCreateTable(_ cursor: TokenCursor) -> Bool {
        var offset = 1
        while cursor.isWord("unlogged", at: offset) || cursor.isWord("temp", at: offset)
            || cursor.isWord("temporary", at: offset) || cursor.isWord("global", at: offset)
            || cursor.isWord("local", at: offset)
        {
            offset += 1
        }
        return cursor.isWord("table", at: offset)
    }

    /// `SELECT [pg_catalog.]lo_xxx(...)` is a large-object statement; `set_config` a setting; `setval` (sequence
    /// data) and, from PostgreSQL 18, `SELECT * FROM pg_catalog.pg_restore_relation_stats(...)` /
    /// `pg_restore_attribute_stats(...)` (statistics) are other statements pg_dump writes. Any other `SELECT`
    /// is not pg_dump's.
    private static func classifySelect(_ cursor: TokenCursor) -> StatementKind {
        var offset = 1
        if cursor.isSymbol("*", at: 1) && cursor.isWord("from", at: 2) {
            offset = 3
            if cursor.isWord("pg_catalog", at: offset) && cursor.isSymbol(".", at: offset + 1) { offset += 2 }
            guard cursor.isSymbol("(", at: offset + 1) else { return .unknown }
            let isStatistics =
                cursor.isWord("pg_restore_relation_stats", at: offset)
                || cursor.isWord("pg_restore_attribute_stats", at: offset)
            return isStatistics ? .other : .unknown
        }
        if cursor.isWord("pg_catalog", at: offset) && cursor.isSymbol(".", at: offset + 1) { offset += 2 }
        guard cursor.isSymbol("(", at: offset + 1) else { return .unknown }
        if cursor.isWord("set_config", at: offset) { return .setting }
        if cursor.isWord("setval", at: offset) { return .other }
        for name in largeObjectFunctions where cursor.isWord(name, at: offset) {
            return .largeObject(isComment: false)
        }
        return .unknown
    }

    private static let largeObjectFunctions: [StaticString] = [
        "lo_create", "lo_open", "lowrite", "lo_close", "lo_unlink", "lo_truncate", "lo_put", "lo_from_bytea",
        "lo_import",
    ]

    private static func mentionsLargeObject(_ cursor: TokenCursor) -> Bool {
        for offset in 0..<max(0, cursor.tokens.count - cursor.index - 2)
        where cursor.isWord("on", at: offset) && cursor.isWord("large", at: offset + 1)
            && cursor.isWord("object", at: offset + 2)
        {
            return true
        }
        return false
    }
}
