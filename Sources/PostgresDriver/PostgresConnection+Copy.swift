internal import CLibPQ

/// `COPY ... TO STDOUT` streaming and the shared machinery that ends a COPY and collects its result.
extension PostgresConnection {
    /// Runs a `COPY ... TO STDOUT` statement and hands each row's raw bytes to `body`, without building Strings.
    ///
    /// Each buffer is one row in the COPY format the statement asked for (text format by default: fields
    /// separated by tabs, `\N` for NULL, backslash escapes, ending with `\n`). The buffer is valid only during the
    /// call; it is freed (`PQfreemem`) right after. Memory stays bounded whatever the table size.
    ///
    /// - Parameters:
    ///   - sql: the full statement, e.g. `COPY (SELECT id, email FROM public.customers) TO STDOUT`.
    ///   - body: called once per row; if it throws, the COPY is cancelled, the connection drained (it stays
    ///     usable) and the error rethrown.
    /// - Returns: the number of rows received.
    /// - Throws: ``PostgresError`` with ``PostgresError/Code/copyFailed``, or ``PostgresError/Code/connectionLost``
    ///   when the session ends mid-stream (e.g. `pg_terminate_backend`).
    @discardableResult
    public func copyOut(_ sql: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws -> Int {
        try startCopy(sql, expecting: PGRES_COPY_OUT)
        var rows = 0
        var buffer: UnsafeMutablePointer<CChar>?
        while true {
            let length = PQgetCopyData(handle, &buffer, 0)
            guard length > 0, let row = buffer else { break }
            defer { PQfreemem(row) }
            buffer = nil
            do {
                try row.withMemoryRebound(to: UInt8.self, capacity: Int(length)) {
                    try body(UnsafeBufferPointer(start: $0, count: Int(length)))
                }
            } catch {
                cancelRunningStatement()
                abandonCopy()
                throw error
            }
            rows += 1
        }
        try collectResults(failure: .copyFailed)
        return rows
    }

    /// Runs `sql`, which must start a COPY in the `expected` direction; on anything else, ends it and throws.
    func startCopy(_ sql: String, expecting expected: ExecStatusType) throws {
        guard let raw = PQexec(handle, try CStringArgument.checked(sql, "COPY statement")) else {
            throw PostgresError(connection: handle, code: .copyFailed)
        }
        let status = PQresultStatus(raw)
        if status == expected {
            PQclear(raw)
            return
        }
        defer { PQclear(raw) }
        switch status {
        case PGRES_COPY_OUT, PGRES_COPY_IN, PGRES_COPY_BOTH:
            abandonCopy()
            throw PostgresError(code: .invalidArgument, message: "the statement started a COPY in the other direction")
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            throw PostgresError(code: .invalidArgument, message: "the statement is not a COPY")
        default:
            throw PostgresError(result: raw, connection: handle, code: .copyFailed)
        }
    }

    /// Reads every pending result after a command (or COPY) ends and throws the first error among them; with no
    /// error result but a broken connection, throws the connection's error.
    @discardableResult
    func collectResults(failure: PostgresError.Code) throws -> PostgresResult? {
        var firstError: PostgresError?
        var last: PostgresResult?
        while let raw = PQgetResult(handle) {
            let result = PostgresResult(handle: raw)
            switch PQresultStatus(raw) {
            case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
                last = result
            case PGRES_COPY_OUT, PGRES_COPY_IN, PGRES_COPY_BOTH:
                // Still in a COPY (libpq keeps returning this status): end it rather than loop forever.
                abandonCopy()
                throw firstError ?? PostgresError(code: .unexpectedResult, message: "COPY ended before its data did")
            default:
                if firstError == nil { firstError = PostgresError(result: raw, connection: handle, code: failure) }
            }
        }
        if let firstError { throw firstError }
        if PQstatus(handle) == CONNECTION_BAD { throw PostgresError(connection: handle, code: .connectionLost) }
        return last
    }

    /// Ends whatever COPY the connection is in, discarding data and errors, so that the connection is usable again
    /// (or is known broken).
    func abandonCopy() {
        while let raw = PQgetResult(handle) {
            let status = PQresultStatus(raw)
            PQclear(raw)
            if status == PGRES_COPY_OUT {
                var buffer: UnsafeMutablePointer<CChar>?
                while PQgetCopyData(handle, &buffer, 0) > 0 {
                    if let data = buffer { PQfreemem(data) }
                    buffer = nil
                }
            } else if status == PGRES_COPY_IN || status == PGRES_COPY_BOTH {
                if PQputCopyEnd(handle, "abandoned by the client") < 0 { return }
            }
            if PQstatus(handle) == CONNECTION_BAD { return }
        }
    }

    /// Asks the server to cancel the statement in progress (`PQcancel`); best effort.
    func cancelRunningStatement() {
        guard let cancel = PQgetCancel(handle) else { return }
        defer { PQfreeCancel(cancel) }
        var message = [CChar](repeating: 0, count: 256)
        _ = PQcancel(cancel, &message, Int32(message.count))
    }
}
