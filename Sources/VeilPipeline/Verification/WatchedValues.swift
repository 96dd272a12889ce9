import Dispatch
import VeilCore

/// The source values a leak check searches the output for: every non-NULL value of the watched columns (see
/// ``LeakScope``), read through the reader's column pass where it has one. A structured value (an array, a JSON
/// document) is watched whole and part by part (``ValueParts``), as its rule masks it part by part.
struct WatchedValues {
    typealias Splitter = @Sendable (String) -> [String]?

    /// The watched columns of each source table.
    let columns: [TableName: Set<String>]
    /// The watched columns whose values are also watched part by part, with how to split them.
    var parts: [TableName: [String: Splitter]] = [:]

    init(columns: [TableName: Set<String>], parts: [TableName: [String: Splitter]] = [:]) {
        self.columns = columns
        self.parts = parts
    }

    /// The watched columns of `schema`'s tables under `scope`, each array and JSON column split into its parts.
    init(scope: LeakScope, schema: DatabaseSchema) {
        var columns: [TableName: Set<String>] = [:]
        var parts: [TableName: [String: Splitter]] = [:]
        for table in schema.tables {
            guard let scoped = scope.columns(of: table.name), !scoped.watched.isEmpty else { continue }
            columns[table.name] = scoped.watched
            parts[table.name] = scoped.parts.filter { scoped.watched.contains($0.key) }
        }
        self.init(columns: columns, parts: parts)
    }

    /// Hands every value to `body` as UTF-8 bytes: through the reader's column pass (``ColumnPassSource``: a dump
    /// skips the other tables and never decodes the other fields; SQLite and PostgreSQL select only these columns,
    /// in the stream's own snapshot), or by reading the reader's stream where it has none (CSV).
    func read(_ reader: RowSource, _ body: (UnsafeRawBufferPointer) -> Void) throws {
        guard !columns.isEmpty else { return }
        // Each value, and each part of the values of split columns. The table's split columns are looked up when the
        // table changes, not per value: most tables have none, and hashing two names per value cost more than the
        // value's own insert.
        // The current table's state lives behind a pointer: a captured `var` costs a dynamic exclusivity check on
        // every value, which showed in profiles of the fill.
        let current = UnsafeMutablePointer<(table: TableName?, parts: [String: Splitter])>.allocate(capacity: 1)
        current.initialize(to: (nil, [:]))
        defer {
            current.deinitialize(count: 1)
            current.deallocate()
        }
        func deliver(_ table: TableName, _ column: String, _ value: UnsafeRawBufferPointer) {
            body(value)
            if table != current.pointee.table {
                current.pointee = (table, parts[table] ?? [:])
            }
            guard !current.pointee.parts.isEmpty, let split = current.pointee.parts[column],
                let pieces = split(String(decoding: value, as: UTF8.self))
            else { return }
            for var piece in pieces { piece.withUTF8 { body(UnsafeRawBufferPointer($0)) } }
        }
        if let reader = reader as? ColumnPassSource {
            try reader.readColumns(columns, deliver)
            return
        }
        var names: [String] = []
        while let item = try reader.next() {
            switch item {
            case .beginTable(let data): names = data.columns
            case .rows(let batch):
                guard let wanted = columns[batch.table] else { continue }
                try batch.forEachValue(columns: names, wanted: wanted, deliver)
            case .endTable, .passthrough: break
            }
        }
    }

    /// Puts every value of eight or more bytes into `index`. The reading thread only copies the values' bytes into
    /// chunks; a second thread hashes and inserts them (a cache miss per filter and value) beside it.
    func fill(_ index: SourceValueIndex, from reader: RowSource) throws {
        let hashing = DispatchQueue(label: "veil.leak.fill")
        let group = DispatchGroup()
        let slots = DispatchSemaphore(value: 4)
        // Behind a pointer, not a captured `var`: no dynamic exclusivity check per value (see `read`).
        let chunk = UnsafeMutablePointer<ValueChunk>.allocate(capacity: 1)
        chunk.initialize(to: ValueChunk())
        defer {
            group.wait()
            chunk.deinitialize(count: 1)
            chunk.deallocate()
        }
        func flush() {
            guard !chunk.pointee.ends.isEmpty else { return }
            let full = chunk.pointee
            chunk.pointee = ValueChunk()
            slots.wait()
            hashing.async(group: group) {
                index.insert(full.entries(index))
                slots.signal()
            }
        }
        try read(reader) { value in
            guard value.count >= SourceValueIndex.minimumLength else { return }
            chunk.pointee.append(value)
            if chunk.pointee.ends.count == Self.chunkValues || chunk.pointee.bytes.count >= Self.chunkBytes { flush() }
        }
        flush()
    }

    /// A chunk handed to the hashing thread holds at most this many values, or about this many bytes.
    private static let chunkValues = 1 << 15
    private static let chunkBytes = 1 << 20

    /// Source values' bytes end to end, for the hashing thread.
    private struct ValueChunk: Sendable {
        var bytes: [UInt8] = []
        var ends: [Int] = []

        mutating func append(_ value: UnsafeRawBufferPointer) {
            bytes.append(contentsOf: value)
            ends.append(bytes.count)
        }

        func entries(_ index: SourceValueIndex) -> [SourceValueIndex.Entry] {
            bytes.withUnsafeBytes { all in
                var start = 0
                return ends.compactMap { end in
                    defer { start = end }
                    return index.entry(for: UnsafeRawBufferPointer(rebasing: all[start..<end]))
                }
            }
        }
    }
}
