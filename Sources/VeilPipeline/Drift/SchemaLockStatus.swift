/// What `veil check` found or did about the profile's schema lock.
public enum SchemaLockStatus: Sendable, Equatable {
    /// No lock beside the profile: drift is not checked.
    case missing(path: String)
    /// The lock is there and the source still has the reviewed schema.
    case matched(path: String, tables: Int)
    /// `--update-lock` recorded the source's schema as the reviewed one.
    case written(path: String, tables: Int)

    /// The line `veil check` prints for it.
    public func line(profilePath: String) -> String {
        switch self {
        case .missing(let path):
            "warning: no schema lock at \(path), so schema drift is not checked; once the profile is reviewed, "
                + "record the schema with `veil check \(profilePath) --update-lock`"
        case .matched(let path, let tables): "schema: no drift from \(path) (\(tables) tables)"
        case .written(let path, let tables): "lock: \(path) (\(tables) tables)"
        }
    }
}
