internal import CLibPQ

/// Building ``PostgresError`` values from libpq's state. Only the fields that cannot carry row data are read.
extension PostgresError {
    /// The error of a failed `PGresult`: SQLSTATE and primary message, scrubbed of values. A SQLSTATE meaning the
    /// session is gone, or a connection now in `CONNECTION_BAD`, turns `code` into ``Code/connectionLost``.
    init(result: OpaquePointer, connection: OpaquePointer, code: Code) {
        let sqlState = Self.field(result, "C")
        let primary = Self.field(result, "M") ?? Self.firstLine(PQresultErrorMessage(result))
        let lost = Self.meansConnectionLost(sqlState) || PQstatus(connection) == CONNECTION_BAD
        self.init(
            code: lost ? .connectionLost : code,
            sqlState: sqlState,
            message: MessageRedaction.scrubbingValues(in: primary ?? "unknown error", sqlState: sqlState))
    }

    /// An error known only from the connection's last message (no result: out of memory, connection dropped).
    /// The connection runs with terse verbosity, so the message holds no DETAIL.
    init(connection: OpaquePointer, code: Code) {
        let lost = PQstatus(connection) == CONNECTION_BAD
        self.init(
            code: lost && code != .connectionFailed ? .connectionLost : code,
            sqlState: nil,
            message: Self.firstLine(PQerrorMessage(connection)) ?? "unknown libpq error")
    }

    /// A diagnostic field of a result, by its one-letter code (`C` SQLSTATE, `M` primary message).
    private static func field(_ result: OpaquePointer, _ code: Unicode.Scalar) -> String? {
        guard let text = PQresultErrorField(result, Int32(code.value)) else { return nil }
        let value = String(cString: text)
        return value.isEmpty ? nil : value
    }

    /// The first non-empty line of a libpq message, without the `ERROR:  ` / `FATAL:  ` prefix.
    static func firstLine(_ text: UnsafePointer<CChar>?) -> String? {
        guard let text else { return nil }
        let lines = String(cString: text).split(whereSeparator: \.isNewline)
        guard var line = lines.first.map(String.init) else { return nil }
        for prefix in ["ERROR:", "FATAL:", "PANIC:"] where line.hasPrefix(prefix) {
            line = String(line.dropFirst(prefix.count).drop(while: { $0 == " " }))
        }
        return line.isEmpty ? nil : line
    }

    static func firstLine(_ text: UnsafeMutablePointer<CChar>?) -> String? {
        firstLine(UnsafePointer(text))
    }
}
