import Foundation
import PostgresDriver
import VeilCore

/// Reads tables on several connections at once, ahead of a consumer that takes them in table order — the way
/// `pg_dump -j` reads: every connection is in a transaction on the same exported snapshot, so every table is read
/// from the same moment however the work is spread.
///
/// Each worker thread owns one connection and takes the next unread table whenever it is free, pushing its batches
/// into that table's bounded channel (a few batches deep), so memory stays bounded by
/// `connections × depth × batch`. Tables are handed out in order, and the consumer either drains them in order
/// (``next(ofTable:)``) or takes chunks of several at once (``nextOfAnyTable(open:mayOpen:)``); either way a table
/// the consumer waits on always has a running worker: no deadlock. Decoding COPY text runs on the workers too.
final class TablePrefetcher: @unchecked Sendable {
    /// What a worker hands the consumer.
    enum Chunk {
        case rows(RowBatch)
        /// The table's rows are all read; the server counted `sentRows` (its COPY's command tag).
        case end(sentRows: Int)
        case failure(any Error)
    }

    private let tables: [TableSchema]
    private let batchSize: Int
    private let filters: [TableName: RowFilter]
    private let keyOrder: Bool
    private let depth: Int
    private let condition = NSCondition()
    private var channels: [[Chunk]]
    private var nextTable = 0
    /// The table ``nextOfAnyTable(open:mayOpen:)`` served last.
    private var lastServed = -1
    private var isCancelled = false
    private var connections: [PostgresConnection] = []
    private let workers = DispatchGroup()

    /// Starts one worker per connection. Connections must already be in their snapshot transaction; they come
    /// back with ``finish()``.
    /// - Parameter keyOrder: false to read each table's rows in the order a sequential scan finds them.
    init(
        tables: [TableSchema], connections: [PostgresConnection], batchSize: Int, depth: Int = 4,
        filters: [TableName: RowFilter] = [:], keyOrder: Bool = true
    ) {
        self.tables = tables
        self.filters = filters
        self.keyOrder = keyOrder
        self.batchSize = batchSize
        self.depth = max(1, depth)
        channels = Array(repeating: [], count: tables.count)
        for connection in connections {
            workers.enter()
            Thread.detachNewThread { [self] in
                work(on: connection)
                condition.withLock { self.connections.append(connection) }
                workers.leave()
            }
        }
    }

    /// The next chunk of table `index`, waiting for its worker.
    func next(ofTable index: Int) -> Chunk {
        condition.lock()
        defer { condition.unlock() }
        while channels[index].isEmpty { condition.wait() }
        let chunk = channels[index].removeFirst()
        condition.broadcast()
        return chunk
    }

    /// The next chunk of any table, waiting for one: of a table in `open` when one of them has a chunk (taking turns
    /// between them), else — when `mayOpen` — of the first table in reading order that has one. Only while some
    /// table has chunks to come: a table in `open` always has (its end is not taken yet), and with `mayOpen` so
    /// has every table whose end is not taken.
    /// - Parameter open: tables whose first chunk is taken and whose end is not.
    func nextOfAnyTable(open: Set<Int>, mayOpen: Bool) -> (table: Int, chunk: Chunk) {
        condition.lock()
        defer { condition.unlock() }
        while true {
            let turns = open.sorted()
            let start = turns.firstIndex { $0 > lastServed } ?? 0
            if let index = (turns[start...] + turns[..<start]).first(where: { !channels[$0].isEmpty })
                ?? (mayOpen ? (0..<tables.count).first { !open.contains($0) && !channels[$0].isEmpty } : nil)
            {
                lastServed = index
                let chunk = channels[index].removeFirst()
                condition.broadcast()
                return (index, chunk)
            }
            condition.wait()
        }
    }

    /// Stops every worker at its next batch (a running COPY is cancelled), waits for them, and returns the
    /// connections.
    func finish() -> [PostgresConnection] {
        condition.withLock {
            isCancelled = true
            condition.broadcast()
        }
        workers.wait()
        return condition.withLock { connections }
    }

    private func work(on connection: PostgresConnection) {
        while let index = claimTable() {
            let reader: PostgresTableReader
            do {
                reader = try PostgresTableReader(
                    tables[index], on: connection, batchSize: batchSize, filter: filters[tables[index].name],
                    keyOrder: keyOrder)
            } catch {
                _ = deliver(.failure(error), to: index)
                return
            }
            while !reader.isExhausted {
                let chunk: Chunk
                do {
                    let batch = try reader.nextBatch()
                    if batch.isEmpty { continue }
                    chunk = .rows(batch)
                } catch {
                    _ = deliver(.failure(error), to: index)
                    return
                }
                guard deliver(chunk, to: index) else {
                    reader.cancel()
                    return
                }
            }
            guard deliver(.end(sentRows: reader.sentRows ?? -1), to: index) else { return }
        }
    }

    /// The next table nobody reads yet, or nil when all are taken or the prefetcher stops.
    private func claimTable() -> Int? {
        condition.withLock {
            guard !isCancelled, nextTable < tables.count else { return nil }
            defer { nextTable += 1 }
            return nextTable
        }
    }

    /// Appends to a table's channel, waiting while it is full; false when the prefetcher stopped.
    private func deliver(_ chunk: Chunk, to index: Int) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while channels[index].count >= depth && !isCancelled { condition.wait() }
        if isCancelled { return false }
        channels[index].append(chunk)
        condition.broadcast()
        return true
    }
}
