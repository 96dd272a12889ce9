import VeilCore

/// A source that replays items from memory, for pipeline tests.
public final class MemoryRowSource: RowSource {
    private let databaseSchema: DatabaseSchema
    private var items: [SourceItem]
    private var position = 0

    public init(schema: DatabaseSchema, items: [SourceItem]) {
        self.databaseSchema = schema
        self.items = items
    }

    /// One table's rows as a COPY-style stream in batches of `batchSize`.
    public convenience init(table: TableSchema, rows: [Row], batchSize: Int = 1000) {
        var items: [SourceItem] = [.beginTable(TableData(table: table.name, columns: table.columns.map(\.name)))]
        var start = 0
        while start < rows.count {
            let end = min(rows.count, start + batchSize)
            items.append(
                .rows(RowBatch(table: table.name, rows: Array(rows[start..<end]), firstRowNumber: start + 1)))
            start = end
        }
        items.append(.endTable(table.name))
        self.init(schema: DatabaseSchema(tables: [table]), items: items)
    }

    public func schema() throws -> DatabaseSchema { databaseSchema }

    public func next() throws -> SourceItem? {
        guard position < items.count else { return nil }
        defer { position += 1 }
        return items[position]
    }
}

/// A sink that keeps everything written, for pipeline tests.
public final class MemoryRowSink: RowSink, @unchecked Sendable {
    public private(set) var items: [SourceItem] = []
    public private(set) var finished = false
    public private(set) var published = false
    public private(set) var aborted = false

    public init() {}

    public func write(_ item: SourceItem) throws { items.append(item) }
    public func complete() throws { finished = true }
    public func publish() throws { published = true }
    public func abort() { aborted = true }

    /// Every row written for `table`, in order.
    public func rows(of table: TableName) -> [Row] {
        items.flatMap { item -> [Row] in
            if case .rows(let batch) = item, batch.table == table { return batch.rows }
            return []
        }
    }
}
