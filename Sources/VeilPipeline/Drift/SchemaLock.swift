import VeilCore

/// The reviewed schema of a profile's source: every table with its columns (name, declared type, NOT NULL) in
/// source order and its primary key. No values, no source URL, no password: only what drift detection needs.
///
/// Tables are kept sorted by name (a dump lists them in dump order, a live database by name; sorting makes the
/// lock the same whichever kind of source wrote it). Columns keep the source's order.
public struct SchemaLock: Sendable, Hashable {
    /// The lock file's format version (`"veil_schema_lock": 1`).
    public static let formatVersion = 1

    /// One column as the source declares it.
    public struct LockedColumn: Sendable, Hashable {
        public var name: String
        /// The declared type as the source spells it (`character varying(50)`, `public.mpaa_rating`).
        public var type: String
        public var isNotNull: Bool

        public init(name: String, type: String, isNotNull: Bool) {
            self.name = name
            self.type = type
            self.isNotNull = isNotNull
        }
    }

    /// One table: its qualified name, columns in source order and primary key.
    public struct LockedTable: Sendable, Hashable {
        public var name: TableName
        public var columns: [LockedColumn]
        public var primaryKey: [String]?

        public init(name: TableName, columns: [LockedColumn], primaryKey: [String]? = nil) {
            self.name = name
            self.columns = columns
            self.primaryKey = primaryKey
        }

        public func column(named name: String) -> LockedColumn? {
            columns.first { $0.name == name }
        }
    }

    /// The schema a bare table name means in this source (`public` for PostgreSQL, empty for SQLite and CSV);
    /// types qualified with it compare equal to unqualified ones.
    public var defaultSchema: String
    /// Every table, sorted by name.
    public var tables: [LockedTable]

    public init(defaultSchema: String, tables: [LockedTable]) {
        self.defaultSchema = defaultSchema
        self.tables = tables.sorted { $0.name < $1.name }
    }

    /// The lock of a source's schema as read now.
    public init(schema: DatabaseSchema, defaultSchema: String) {
        self.init(
            defaultSchema: defaultSchema,
            tables: schema.tables.map { table in
                LockedTable(
                    name: table.name,
                    columns: table.columns.map { LockedColumn(name: $0.name, type: $0.type, isNotNull: $0.isNotNull) },
                    primaryKey: table.primaryKey)
            })
    }

    public func table(named name: TableName) -> LockedTable? {
        tables.first { $0.name == name }
    }
}
