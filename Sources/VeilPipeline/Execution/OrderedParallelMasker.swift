import Dispatch
import Foundation
import VeilCore

/// Streams a source into a sink, masking row batches on `jobs` Dispatch workers while writing
/// every item in source order (in which several tables' items may interleave, each table's in its own order).
///
/// The calling thread reads; at most `jobs` workers mask at once (`--jobs N` means N masking threads); one serial
/// queue writes. At most `2 × jobs` batches are in flight (masked batches wait for their turn to be written), so
/// memory stays bounded whatever the table size. The first error stops reading and is rethrown once in-flight work
/// has drained.
final class OrderedParallelMasker: @unchecked Sendable {
    private let jobs: Int
    private let workers = DispatchQueue(label: "veil.mask.workers", attributes: .concurrent)
    private let writer = DispatchQueue(label: "veil.mask.writer")
    private let slots: DispatchSemaphore
    /// One per masking worker: Dispatch's concurrent queue would otherwise run up to `2 × jobs` batches at once.
    private let maskers: DispatchSemaphore
    private let group = DispatchGroup()

    // Guarded by `writer`.
    private var pending: [Int: (result: Result<SourceItem, Error>, holdsSlot: Bool)] = [:]
    private var nextToWrite = 0
    // Guarded by `lock`.
    private let lock = NSLock()
    private var firstError: Error?

    init(jobs: Int) {
        self.jobs = max(1, jobs)
        self.slots = DispatchSemaphore(value: 2 * max(1, jobs))
        self.maskers = DispatchSemaphore(value: max(1, jobs))
    }

    /// Runs the whole stream.
    /// - Parameters:
    ///   - source: read on the calling thread.
    ///   - sink: written on one serial queue, in source order.
    ///   - masker: for a `beginTable`, the masker of that table's batches (called on the calling thread).
    ///   - didWrite: called on the writer queue after each item is written.
    func run(
        source: RowSource, sink: RowSink, masker: (TableData) throws -> TableMasker,
        didWrite: @escaping @Sendable (SourceItem) -> Void
    ) throws {
        do {
            try stream(source: source, sink: WriterConfined(sink), masker: masker, didWrite: didWrite)
        } catch {
            record(error)
        }
        // Whatever happened, no worker or write may still be running when this returns: the caller
        // aborts the sink on error.
        group.wait()
        writer.sync {}
        if let failure { throw failure }
    }

    private func stream(
        source: RowSource, sink: WriterConfined, masker: (TableData) throws -> TableMasker,
        didWrite: @escaping @Sendable (SourceItem) -> Void
    ) throws {
        var sequence = 0
        // One per open table: a source may interleave several tables' items (``RowSource/interleaveTables``).
        var open: [TableName: TableMasker] = [:]
        while failure == nil, let item = try source.next() {
            let number = sequence
            sequence += 1
            switch item {
            case .beginTable(let data):
                open[data.table] = try masker(data)
                deliver(number, .success(item), releasesSlot: false, sink: sink, didWrite: didWrite)
            case .rows(let batch):
                guard let tableMasker = open[batch.table] else {
                    throw VeilError(.source, "rows outside a table's data", location: .init(table: batch.table))
                }
                if tableMasker.dropsRows {
                    // `rows: none`: keep the sequence dense without writing anything.
                    deliver(number, nil, releasesSlot: false, sink: sink, didWrite: didWrite)
                    continue
                }
                slots.wait()
                maskers.wait()
                group.enter()
                workers.async { [self] in
                    let result = Result { SourceItem.rows(try tableMasker.mask(batch)) }
                    maskers.signal()
                    deliver(number, result, releasesSlot: true, sink: sink, didWrite: didWrite)
                    group.leave()
                }
            case .endTable(let name):
                open[name] = nil
                deliver(number, .success(item), releasesSlot: false, sink: sink, didWrite: didWrite)
            case .passthrough:
                deliver(number, .success(item), releasesSlot: false, sink: sink, didWrite: didWrite)
            }
        }
    }

    private var failure: Error? {
        lock.lock()
        defer { lock.unlock() }
        return firstError
    }

    private func record(_ error: Error) {
        lock.lock()
        if firstError == nil { firstError = error }
        lock.unlock()
    }

    /// Hands a finished item (nil: nothing to write) to the writer, which writes every item whose
    /// turn has come.
    private func deliver(
        _ number: Int, _ result: Result<SourceItem, Error>?, releasesSlot: Bool, sink: WriterConfined,
        didWrite: @escaping @Sendable (SourceItem) -> Void
    ) {
        writer.async { [self] in
            pending[number] = (result ?? .success(.passthrough("")), releasesSlot)
            while let ready = pending.removeValue(forKey: nextToWrite) {
                nextToWrite += 1
                // A batch holds its slot until written, so at most 2 × jobs batches exist at once.
                if ready.holdsSlot { slots.signal() }
                guard failure == nil else { continue }
                do {
                    let item = try ready.result.get()
                    if case .passthrough(let text) = item, text.isEmpty { continue }
                    try sink.sink.write(item)
                    didWrite(item)
                } catch {
                    record(error)
                }
            }
        }
    }
}

/// The sink, touched only on the writer queue: that confinement is what makes it safe to send.
private struct WriterConfined: @unchecked Sendable {
    let sink: RowSink
    init(_ sink: RowSink) { self.sink = sink }
}
