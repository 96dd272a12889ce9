import VeilCore

/// Never onto production: refuses a target that is the source, or that the profile protects.
enum TargetGuard {
    /// - Parameter snapshot: the target is a `veil snapshot`'s (which also writes a SQLite source as a `.sql`
    ///   SQLite script).
    static func check(source: Endpoint, target: Endpoint, protected: [String], snapshot: Bool = false) throws {
        if case .postgres = target, !source.canFeed(target) {
            throw VeilError(
                .usage,
                "a PostgreSQL target is built from the source's own DDL, so it needs a pg_dump or a live PostgreSQL "
                    + "source")
        }
        guard source.canFeed(target, snapshot: snapshot) else {
            throw VeilError(
                .usage,
                "a plain .sql target reproduces the source's own DDL, so it needs a pg_dump or a live PostgreSQL "
                    + "source (`veil snapshot` also writes a SQLite source as a SQLite script); write a SQLite or "
                    + "CSV source to a SQLite file or a CSV folder")
        }
        if let sourceIdentity = source.fileIdentity, sourceIdentity == target.fileIdentity {
            throw VeilError(.target, "the target \(target) is the source; refusing to write onto it")
        }
        let targetIdentity = target.fileIdentity ?? target.description
        for entry in protected {
            let entryIdentity = Endpoint.canonicalPath(entry)
            if entry == target.description || entryIdentity == targetIdentity {
                throw VeilError(.target, "the target \(target) is listed under `protected:`; refusing to write onto it")
            }
        }
    }
}
