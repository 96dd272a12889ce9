/// The `keys:` section: where the encrypted key store lives and where its key-encryption key comes from.
///
/// Exactly one of ``passphrase`` (stretched with scrypt) and ``kek`` (a command or secret that yields a
/// 32-byte key, 64 hex digits or base64) is set.
public struct KeysConfiguration: Sendable, Hashable {
    /// The key store file, as written (relative paths are relative to the working directory).
    public var store: String
    public var passphrase: SecretReference?
    public var kek: SecretReference?

    public init(store: String, passphrase: SecretReference? = nil, kek: SecretReference? = nil) {
        self.store = store
        self.passphrase = passphrase
        self.kek = kek
    }
}

/// `large_objects:`: what happens to PostgreSQL large objects (`lo_*` data), which are not row data.
public enum LargeObjectsPolicy: String, Sendable, Hashable, CaseIterable {
    /// The default: large objects are not copied (they may hold anything).
    case drop
    case keep
}

/// `comments:`: what happens to `COMMENT ON` statements.
public enum CommentsPolicy: String, Sendable, Hashable, CaseIterable {
    /// The default: comments pass through as the dump wrote them.
    case keep
    case drop
}

/// `on_unreviewed_column:`: what happens to a column of a copied table that the profile does not name.
public enum UnreviewedColumnPolicy: String, Sendable, Hashable, CaseIterable {
    /// The default: the run stops before writing a row and names every unreviewed column.
    case fail
    /// The column is written as NULL (refused later for a NOT NULL column).
    case null
}
