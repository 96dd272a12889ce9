internal import CLibPQ

extension PostgresConnection {
    /// Starts a `COPY ... FROM STDIN` statement and returns the stream to write its rows into.
    ///
    /// Until the stream is finished or aborted the connection is busy with the COPY and must not run other
    /// statements. A stream released without `finish()` aborts the COPY.
    ///
    /// - Parameter sql: the full statement, e.g. `COPY public.customers (id, email) FROM STDIN`.
    public func copyIn(_ sql: String) throws -> PostgresCopyIn {
        try startCopy(sql, expecting: PGRES_COPY_IN)
        return PostgresCopyIn(connection: self)
    }
}

/// The data stream of a running `COPY ... FROM STDIN`.
///
/// Bytes are buffered and sent in chunks of about 64 KiB (`PQputCopyData`). They must be in the COPY format the
/// statement asked for (text format by default: one line per row, tab-separated, `\N` for NULL, backslash escapes);
/// rows may be split across ``write(_:)`` calls. The server reports bad input (a malformed integer, a constraint) at
/// ``finish()``, as a ``PostgresError`` whose message names the problem but not the value.
///
/// Like its connection, a stream is used by one thread at a time.
public final class PostgresCopyIn {
    /// How many bytes are gathered before they are handed to libpq.
    public static let chunkSize = 64 * 1024

    private let connection: PostgresConnection
    private var buffer: [UInt8] = []
    private var isOpen = true

    init(connection: PostgresConnection) {
        self.connection = connection
        buffer.reserveCapacity(Self.chunkSize)
    }

    deinit {
        if isOpen { abort(message: "COPY stream released without finish()") }
    }

    /// Appends raw bytes of COPY data.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        try ensureOpen()
        if buffer.count + bytes.count > Self.chunkSize { try flush() }
        if bytes.count >= Self.chunkSize {
            try send(bytes)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    /// Appends the UTF-8 bytes of `text` (e.g. one COPY text line ending with `\n`).
    public func write(_ text: String) throws {
        var text = text
        try text.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
    }

    /// Sends the buffered bytes, ends the COPY (`PQputCopyEnd`) and checks its result.
    ///
    /// - Returns: the number of rows the server stored.
    @discardableResult
    public func finish() throws -> Int {
        try ensureOpen()
        isOpen = false
        do {
            try flush()
        } catch {
            connection.abandonCopy()
            throw error
        }
        guard PQputCopyEnd(connection.handle, nil) == 1 else {
            connection.abandonCopy()
            throw PostgresError(connection: connection.handle, code: .copyFailed)
        }
        let result = try connection.collectResults(failure: .copyFailed)
        return result?.affectedRowCount ?? 0
    }

    /// Ends the COPY with a failure so that the server stores none of its rows; best effort, never throws.
    ///
    /// - Parameter message: the reason the server logs; it must not contain data.
    public func abort(message: String = "aborted by the client") {
        guard isOpen else { return }
        isOpen = false
        buffer.removeAll()
        _ = PQputCopyEnd(connection.handle, message)
        _ = try? connection.collectResults(failure: .copyFailed)
    }

    private func ensureOpen() throws {
        guard isOpen else { throw PostgresError(code: .invalidArgument, message: "the COPY stream is closed") }
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try send($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    private func send(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        let status = PQputCopyData(connection.handle, base.assumingMemoryBound(to: CChar.self), Int32(bytes.count))
        if status != 1 {
            // libpq failed to send: end the COPY and prefer the server's error (it has a SQLSTATE) if it sent one.
            isOpen = false
            let clientError = PostgresError(connection: connection.handle, code: .copyFailed)
            _ = PQputCopyEnd(connection.handle, "client failed to send data")
            try connection.collectResults(failure: .copyFailed)
            throw clientError
        }
    }
}
