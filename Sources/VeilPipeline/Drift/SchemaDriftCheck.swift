import VeilCore

/// Holds a source to the reviewed schema recorded in the lock beside its profile.
///
/// `veil run`, `veil refresh` and `veil snapshot` call ``verify(profilePath:schema:defaultSchema:)`` right after
/// reading the source's schema, before any key is opened, any row read or anything written; `veil check` calls it
/// too, and with `--update-lock` calls ``accept(profilePath:schema:defaultSchema:)`` once the rest of the check
/// passed. A profile without a lock is not checked for drift (profiles made before locks keep working).
public enum SchemaDriftCheck {
    /// Fails with exit 3 listing every change when a lock beside the profile records a schema that differs from
    /// `schema`; otherwise tells whether a lock was there.
    @discardableResult
    public static func verify(profilePath: String, schema: DatabaseSchema, defaultSchema: String) throws
        -> SchemaLockStatus
    {
        let path = SchemaLockFile.path(forProfile: profilePath)
        guard let lock = try SchemaLockFile.read(path) else { return .missing(path: path) }
        let current = SchemaLock(schema: schema, defaultSchema: defaultSchema)
        let drift = SchemaDrift(locked: lock, current: current)
        guard drift.isEmpty else { throw failure(drift, lockPath: path, profilePath: profilePath) }
        return .matched(path: path, tables: lock.tables.count)
    }

    /// Records `schema` as the reviewed schema of the profile (`veil check --update-lock`).
    public static func accept(profilePath: String, schema: DatabaseSchema, defaultSchema: String) throws
        -> SchemaLockStatus
    {
        let path = try SchemaLockFile.write(schema, defaultSchema: defaultSchema, besideProfile: profilePath)
        return .written(path: path, tables: schema.tables.count)
    }

    /// The exit-3 error: every change on its own line, then how to accept them.
    static func failure(_ drift: SchemaDrift, lockPath: String, profilePath: String) -> VeilError {
        let count = drift.changes.count
        let lines = drift.messages.map { "  " + $0 }.joined(separator: "\n")
        return VeilError(
            .reviewNeeded,
            "schema drift: the source differs from the reviewed schema in \(lockPath) (\(count) change"
                + "\(count == 1 ? "" : "s")):\n\(lines)\n"
                + "review the profile for these changes, then accept them with "
                + "`veil check \(profilePath) --update-lock`")
    }
}
