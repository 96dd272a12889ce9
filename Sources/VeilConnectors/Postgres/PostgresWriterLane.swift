import Dispatch
import Foundation
import PostgresDriver
import VeilCore

/// One target session of a ``PostgresWriter`` and the table it is loading: the writer hands it a table's rows, and
/// the lane encodes them as COPY text and sends them on its own serial queue, so that several tables load at once
/// (one per lane) while the writer's caller goes on masking.
///
/// At most `depth` batches wait on a lane (``load(_:)`` blocks past that), so memory stays bounded whatever the
/// server's pace. The first error a lane meets is kept: later work on the lane is skipped, and ``failure`` reports
/// it to the writer, which throws it at its next call.
final class PostgresWriterLane: @unchecked Sendable {
    let connection: PostgresConnection
    private let queue: DispatchQueue
    private let room: DispatchSemaphore
    private let lock = NSLock()
    /// Touched only on `queue`.
    private var copy: (name: TableName, stream: PostgresCopyIn)?
    private var buffer: [UInt8] = []
    // Guarded by `lock`.
    private var firstError: VeilError?
    private var stored: [TableName: Int] = [:]
    /// The table the lane loads, from its `begin` until its `end` is handed over (read on the writer's thread).
    private(set) var table: TableName?

    init(connection: PostgresConnection, number: Int, depth: Int = 4) {
        self.connection = connection
        queue = DispatchQueue(label: "veil.postgres.writer.lane\(number)")
        room = DispatchSemaphore(value: max(1, depth))
    }

    var failure: VeilError? { lock.withLock { firstError } }

    /// Rows stored per table this lane loaded, as the server counted them at the end of each COPY.
    var storedRows: [TableName: Int] { lock.withLock { stored } }

    /// Starts loading `data`'s rows: `COPY schema.table (columns) FROM STDIN` on this lane's session.
    func begin(_ data: TableData) {
        table = data.table
        enqueue { [self] in
            do {
                let name =
                    try connection.quoteIdentifier(data.table.schema) + "."
                    + connection.quoteIdentifier(data.table.name)
                let columns = try data.columns.map { try connection.quoteIdentifier($0) }.joined(separator: ", ")
                copy = (data.table, try connection.copyIn("COPY \(name) (\(columns)) FROM STDIN"))
            } catch let error as PostgresError {
                throw VeilError(
                    .target, "cannot start loading \(data.table): \(error.message)",
                    location: .init(table: data.table))
            }
        }
    }

    /// Sends one batch of the lane's table (waits while `depth` batches are already waiting).
    func load(_ batch: RowBatch) {
        enqueue { [self] in
            guard let copy else { return }
            buffer.removeAll(keepingCapacity: true)
            CopyText.appendLines(of: batch, to: &buffer)
            do {
                try buffer.withUnsafeBytes { try copy.stream.write($0) }
            } catch let error as PostgresError {
                throw VeilError(
                    .target, "the target failed while loading \(batch.table): \(error.message)",
                    location: .init(table: batch.table, row: batch.firstRowNumber))
            }
        }
    }

    /// Ends the lane's table: its COPY is finished and the server's count kept; the lane is free for another table.
    func end() {
        table = nil
        enqueue { [self] in
            guard let open = copy else { return }
            copy = nil
            do {
                let rows = try open.stream.finish()
                lock.withLock { stored[open.name, default: 0] += rows }
            } catch let error as PostgresError {
                throw VeilError(
                    .target, "the target refused the rows of \(open.name): \(error.message)",
                    location: .init(table: open.name))
            }
        }
    }

    /// Waits until everything handed to the lane is done.
    func drain() {
        queue.sync {}
    }

    /// Abandons the lane's open COPY (after everything queued has run or been skipped).
    func abort() {
        table = nil
        queue.sync {
            copy?.stream.abort()
            copy = nil
        }
    }

    private func enqueue(_ work: @escaping @Sendable () throws -> Void) {
        room.wait()
        queue.async { [self] in
            defer { room.signal() }
            guard failure == nil else { return }
            do {
                try work()
            } catch {
                let failure =
                    error as? VeilError ?? VeilError(.internal, "an unexpected error while loading the target")
                lock.withLock { if firstError == nil { firstError = failure } }
            }
        }
    }
}
