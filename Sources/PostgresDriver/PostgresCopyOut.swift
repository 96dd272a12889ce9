internal import CLibPQ

extension PostgresConnection {
    /// Starts a `COPY ... TO STDOUT` statement and returns a cursor that pulls its rows one at a time.
    ///
    /// The pull-style counterpart of ``copyOut(_:_:)``, for callers that hand rows out in batches (a row source).
    /// Until the cursor is finished or cancelled the connection is busy with the COPY and must not run other
    /// statements. A cursor released unfinished cancels the COPY and drains the connection.
    ///
    /// - Parameter sql: the full statement, e.g. `COPY (SELECT id, email FROM public.customers) TO STDOUT`.
    /// - Throws: ``PostgresError`` with ``PostgresError/Code/copyFailed`` (e.g. SQLSTATE `42P01` for a missing
    ///   table), ``PostgresError/Code/invalidArgument`` for a statement that is not a `COPY ... TO STDOUT`.
    public func startCopyOut(_ sql: String) throws -> PostgresCopyOut {
        try startCopy(sql, expecting: PGRES_COPY_OUT)
        return PostgresCopyOut(connection: self)
    }
}

/// The data stream of a running `COPY ... TO STDOUT`, read row by row (`PQgetCopyData`).
///
/// Call ``nextRow()`` until it returns `nil`, then ``finish()`` to check the statement's final result. Each row's
/// buffer is libpq's own allocation, valid until the next call to ``nextRow()``, ``finish()`` or ``cancel()`` (it
/// is then freed with `PQfreemem`), so rows are never copied into Strings here. Memory stays bounded whatever the
/// table size.
///
/// Like its connection, a cursor is used by one thread at a time.
public final class PostgresCopyOut {
    private enum State { case streaming, dataEnded, closed }

    private let connection: PostgresConnection
    private var buffer: UnsafeMutablePointer<CChar>?
    private var state = State.streaming
    /// Rows handed out so far.
    public private(set) var rowCount = 0

    init(connection: PostgresConnection) {
        self.connection = connection
    }

    deinit {
        if state != .closed { cancel() }
    }

    /// The next row's raw bytes in the COPY format the statement asked for (text format by default: one line
    /// ending with `\n`), or `nil` after the last row. The buffer is valid until the next call on this cursor.
    ///
    /// - Throws: ``PostgresError`` (``PostgresError/Code/connectionLost`` when the session ends mid-stream); the
    ///   cursor is then closed.
    public func nextRow() throws -> UnsafeBufferPointer<UInt8>? {
        releaseBuffer()
        guard state == .streaming else { return nil }
        var raw: UnsafeMutablePointer<CChar>?
        let length = PQgetCopyData(connection.handle, &raw, 0)
        if length > 0, let raw {
            buffer = raw
            rowCount += 1
            return raw.withMemoryRebound(to: UInt8.self, capacity: Int(length)) {
                UnsafeBufferPointer(start: UnsafePointer($0), count: Int(length))
            }
        }
        if let raw { PQfreemem(raw) }
        state = .dataEnded
        if length == -1 { return nil }
        // -2: libpq failed to read (the connection broke). Collect what the server said, else libpq's message.
        state = .closed
        let clientError = PostgresError(connection: connection.handle, code: .copyFailed)
        try connection.collectResults(failure: .copyFailed)
        throw clientError
    }

    /// Checks the COPY's final result once ``nextRow()`` has returned `nil`.
    ///
    /// - Returns: the number of rows the server sent, as its command tag (`COPY n`) counts them: a count of the
    ///   server's own, to compare with ``rowCount``, the rows handed out.
    /// - Throws: ``PostgresError`` when the server reported an error at the end of the COPY or the connection was
    ///   lost; ``PostgresError/Code/invalidArgument`` when rows remain (the COPY is then cancelled).
    @discardableResult
    public func finish() throws -> Int {
        releaseBuffer()
        switch state {
        case .closed:
            throw PostgresError(code: .invalidArgument, message: "the COPY stream is closed")
        case .streaming:
            cancel()
            throw PostgresError(code: .invalidArgument, message: "finish() called before the last COPY row")
        case .dataEnded:
            state = .closed
            let result = try connection.collectResults(failure: .copyFailed)
            guard let sent = result?.affectedRowCount else {
                throw PostgresError(code: .unexpectedResult, message: "the COPY ended without a row count")
            }
            return sent
        }
    }

    /// Stops the COPY early: asks the server to cancel it and drains the connection so that it stays usable (or is
    /// known broken). Never throws; does nothing on a closed cursor.
    public func cancel() {
        releaseBuffer()
        guard state != .closed else { return }
        if state == .streaming { connection.cancelRunningStatement() }
        state = .closed
        connection.abandonCopy()
    }

    private func releaseBuffer() {
        if let buffer { PQfreemem(buffer) }
        buffer = nil
    }
}
