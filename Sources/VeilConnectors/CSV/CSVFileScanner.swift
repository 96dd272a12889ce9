import VeilCore
import VeilFiles

/// One CSV file read record by record: the header, then data records checked for field count and UTF-8.
///
/// Both passes of ``CSVReader`` use it, the validating pre-pass and the streaming pass, so they agree on every
/// rule: a UTF-8 byte order mark at the start is skipped; the header must name every column, uniquely; each data
/// record must have the header's field count. In a file of two or more columns, blank lines at the end of the
/// file are ignored (a blank line elsewhere is a record of the wrong length); in a one-column file a blank line
/// is a row holding NULL, as PostgreSQL's `COPY ... CSV` reads it.
///
/// Errors are ``VeilError``s with code `.source` that name the file, the line and the data row, never a value.
final class CSVFileScanner {
    let path: String
    let table: TableName
    private let fd: Int32
    private let window: ByteWindow
    private let scanner: CSVRecordScanner
    /// The column names from the header row.
    private(set) var columns: [String] = []
    /// 1-based line of the next record's first byte.
    private var line = 1
    /// 1-based data row number of the last record returned by ``nextRecord()``.
    private(set) var rowNumber = 0
    /// Blank records seen but not yet returned: they are rows only if a non-blank record follows.
    private var pendingBlank: (line: Int, row: Int, count: Int)?

    /// How fields are separated and quoted.
    let dialect: CSVDialect

    /// Opens the file and reads its header.
    init(path: String, table: TableName, chunkSize: Int, dialect: CSVDialect = .standard) throws {
        self.path = path
        self.table = table
        self.dialect = dialect
        switch Syscalls.openForReading(path) {
        case .success(let descriptor): fd = descriptor
        case .failure(let error): throw VeilError(.source, "cannot open the CSV file \(path): \(error)")
        }
        window = ByteWindow(fd: fd, chunkSize: chunkSize)
        scanner = CSVRecordScanner(window: window, dialect: dialect)
        try readHeader()
    }

    deinit { Syscalls.close(fd) }

    private func readHeader() throws {
        do {
            try scanner.skipByteOrderMark()
        } catch {
            throw failure(error, line: 1, row: nil)
        }
        guard try scan(row: nil) else {
            throw VeilError(
                .source, "the CSV file \(path) is empty: it has no header row", location: .init(table: table))
        }
        try checkEncoding(line: line, row: nil)
        var seen: [String: Int] = [:]
        for (position, span) in scanner.fields.enumerated() {
            let name = decode(span)
            guard let name, !name.isEmpty else {
                throw VeilError(
                    .source, "the CSV file \(path) has an empty column name at position \(position + 1) of its header",
                    location: .init(table: table))
            }
            if let first = seen[name] {
                throw VeilError(
                    .source,
                    "the CSV file \(path) names the same column at positions \(first + 1) and \(position + 1) "
                        + "of its header", location: .init(table: table))
            }
            seen[name] = position
            columns.append(name)
        }
        try refuseLikelyOtherDelimiter()
        line += scanner.lineFeeds
        scanner.consumeRecord()
    }

    /// A header that reads as one column whose name holds `;`, a tab or `|` is almost surely a file written with
    /// that delimiter: read with commas, every row would become one text value (and be masked whole, or kept).
    /// Refused with a hint rather than guessed, so the profile says which delimiter the file uses.
    private func refuseLikelyOtherDelimiter() throws {
        guard columns.count == 1, let name = columns.first?.utf8 else { return }
        guard let likely = CSVDialect.likelyDelimiters.first(where: { $0 != dialect.delimiter && name.contains($0) })
        else { return }
        throw VeilError(
            .source,
            "the CSV file \(path) reads as one column, but its header holds \(CSVDialect.spelled(likely)): it looks "
                + "delimited by it; say so in the profile (`csv: { delimiter: \(CSVDialect.spelled(likely)) }`, or "
                + "`veil scan --csv-delimiter`)", location: .init(table: table))
    }

    /// Scans the next data record. Returns false at the end of the file. After true, ``fields(_:)`` gives the
    /// record's values until the next call.
    func nextRecord() throws -> Bool {
        while true {
            let row = rowNumber + 1 + (pendingBlank?.count ?? 0)
            guard try scan(row: row) else {
                // Blank lines at the end of the file are no rows.
                pendingBlank = nil
                return false
            }
            let recordLine = line
            let first = scanner.fields[0]
            let isBlank = scanner.fields.count == 1 && !first.quoted && first.start == first.end
            if isBlank && columns.count > 1 {
                if pendingBlank == nil { pendingBlank = (recordLine, row, 0) }
                pendingBlank!.count += 1
                line += scanner.lineFeeds
                scanner.consumeRecord()
                continue
            }
            if let pending = pendingBlank {
                // Blank lines followed by more data: each is a record of the wrong length.
                throw wrongCount(found: 1, line: pending.line, row: pending.row)
            }
            if scanner.fields.count != columns.count {
                throw wrongCount(found: scanner.fields.count, line: recordLine, row: row)
            }
            try checkEncoding(line: recordLine, row: row)
            rowNumber = row
            return true
        }
    }

    /// Counts the remaining data records (validating each) without decoding them.
    func countRecords() throws -> Int {
        var total = 0
        while try nextRecord() {
            total += 1
            finishRecord()
        }
        return total
    }

    /// The fields of the record ``nextRecord()`` just found, decoded. Call ``finishRecord()`` after.
    func currentRow() -> Row {
        var row: Row = []
        row.reserveCapacity(scanner.fields.count)
        for span in scanner.fields { row.append(decode(span)) }
        return row
    }

    /// Moves past the current record.
    func finishRecord() {
        line += scanner.lineFeeds
        scanner.consumeRecord()
    }

    private func scan(row: Int?) throws -> Bool {
        do {
            return try scanner.scanRecord()
        } catch {
            throw failure(error, line: line, row: row)
        }
    }

    private func checkEncoding(line: Int, row: Int?) throws {
        guard UTF8Check.isValid(window.bytes, count: scanner.recordLength) else {
            throw VeilError(
                .source, "the CSV file \(path) is not valid UTF-8 at \(position(line: line, row: row))",
                location: .init(table: table, row: row))
        }
    }

    private func wrongCount(found: Int, line: Int, row: Int) -> VeilError {
        VeilError(
            .source,
            "the CSV file \(path) has \(found) field\(found == 1 ? "" : "s") at \(position(line: line, row: row)), "
                + "its header has \(columns.count)", location: .init(table: table, row: row))
    }

    private func failure(_ error: CSVScanError, line: Int, row: Int?) -> VeilError {
        let place = position(line: line, row: row)
        switch error {
        case .unterminatedQuote:
            return VeilError(
                .source, "the CSV file \(path) ends inside a quoted field that starts at \(place) (truncated file?)",
                location: .init(table: table, row: row))
        case .characterAfterQuote:
            return VeilError(
                .source, "the CSV file \(path) has a character after a closing quote at \(place)",
                location: .init(table: table, row: row))
        case .io(let errno):
            return VeilError(.source, "cannot read the CSV file \(path): \(errno)", location: .init(table: table))
        }
    }

    private func position(line: Int, row: Int?) -> String {
        row.map { "line \(line) (row \($0))" } ?? "line \(line) (header)"
    }

    /// A field's value: NULL when unquoted and empty, else its text with `""` turned into `"`.
    private func decode(_ span: CSVFieldSpan) -> Field {
        let bytes = window.bytes
        if span.start == span.end { return span.quoted ? "" : nil }
        guard span.hasEscapedQuotes else {
            return String(
                decoding: UnsafeBufferPointer(start: bytes + span.start, count: span.end - span.start),
                as: UTF8.self)
        }
        var unescaped: [UInt8] = []
        unescaped.reserveCapacity(span.end - span.start)
        var index = span.start
        while index < span.end {
            let byte = bytes[index]
            unescaped.append(byte)
            index += byte == dialect.quote ? 2 : 1
        }
        return String(decoding: unescaped, as: UTF8.self)
    }
}
