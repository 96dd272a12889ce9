// Fuzz target `copy-row`: one COPY text data line (the input up to its first line feed), through every decoder
// the dump reader has for it.
//
// Properties beyond "no crash":
// - decoding then encoding is idempotent: encode(decode(line)) decodes to the same row and encodes to itself;
// - the pre-scan's field count (`scanLine`) is the stream's (`decodeRow`), so a dump the pre-scan accepts
//   never fails in the stream with "fields for columns";
// - the public `decodeRow(_:)` and the column pass (`forEachWantedField`, which the leak check reads with) see
//   the same values as the stream's decoder;
// - the line kept as a batch's bytes (`CopyTextRows`) reads as the decoded row and is written back as itself.

import VeilCore

@testable import VeilConnectors

@_cdecl("LLVMFuzzerTestOneInput")
public func copyRowFuzzTarget(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = fuzzBytes(data, size)
    // The line plus one byte past it, so that even an empty line has an address.
    let stored = Array(input[..<(input.firstIndex(of: 0x0A) ?? input.count)]) + [0]
    stored.withUnsafeBufferPointer { checkLine($0.baseAddress!, count: $0.count - 1) }
    return 0
}

private func checkLine(_ base: UnsafePointer<UInt8>, count: Int) {
    let line = UnsafeBufferPointer(start: base, count: count)
    var row: Row = []
    var scratch: [UInt8] = []
    let scan = CopyText.scanLine(base, count: count)
    do {
        try CopyText.decodeRow(base, count: count, into: &row, scratch: &scratch)
    } catch {
        return  // escapes that make no UTF-8: the reader refuses the dump, naming the line
    }
    fuzzRequire(scan.fields == row.count, "the pre-scan counts \(scan.fields) fields, the stream \(row.count)")

    var encoded: [UInt8] = []
    CopyText.appendEncodedRow(row, to: &encoded)
    fuzzRequire(!encoded.contains(0x0A) && !encoded.contains(0x0D), "an encoded row holds a line end")
    var again: Row = []
    (encoded + [0]).withUnsafeBufferPointer { buffer in
        do {
            try CopyText.decodeRow(buffer.baseAddress!, count: buffer.count - 1, into: &again, scratch: &scratch)
        } catch {
            fuzzRequire(false, "an encoded row does not decode")
        }
    }
    fuzzRequire(again == row, "decode(encode(row)) is not the row")
    var reencoded: [UInt8] = []
    CopyText.appendEncodedRow(again, to: &reencoded)
    fuzzRequire(reencoded == encoded, "encode(decode(encode(row))) is not encode(row)")

    // The pre-scan refuses a line that is not UTF-8, so the stream and the column pass only see valid ones.
    guard UTF8Check.isValid(base, count: count) else { return }
    checkKeptLine(line, row: row)
    let text = String(decoding: line, as: UTF8.self)
    fuzzRequire(CopyText.decodeRow(Substring(text)) == row, "decodeRow(_:) and the stream's decoder differ")
    do {
        var seen = Array(repeating: false, count: row.count)
        try CopyText.forEachWantedField(
            base, count: count, wanted: Array(repeating: true, count: row.count), scratch: &scratch
        ) { column, bytes in
            fuzzRequire(column < row.count, "the column pass sees more fields than the stream")
            fuzzRequire(row[column].map { Array($0.utf8) == Array(bytes) } ?? false, "the column pass sees other bytes")
            seen[column] = true
        }
        for (column, field) in row.enumerated() {
            fuzzRequire(seen[column] == (field != nil), "the column pass skips a value or visits a NULL")
        }
    } catch {
        fuzzRequire(false, "the column pass failed on a line the stream decodes")
    }
}

/// The line kept as the reader keeps it (``CopyTextRows``): a batch of it reads as the decoded row, goes out as the
/// line's own bytes, and with a column replaced by its own value still decodes to the row.
private func checkKeptLine(_ line: UnsafeBufferPointer<UInt8>, row: Row) {
    var lines = CopyTextRows(width: row.count)
    lines.append(line: line)
    var batch = RowBatch(table: TableName(schema: "public", name: "t"), encoded: lines, firstRowNumber: 1)
    fuzzRequire(batch.row(0) == row, "the kept line reads as another row")
    for column in row.indices {
        fuzzRequire(batch.column(column) == [row[column]], "a kept line's column reads as another value")
    }
    var written: [UInt8] = []
    CopyText.appendLines(of: batch, to: &written)
    fuzzRequire(written == Array(line) + [0x0A], "a kept line is not written back as its own bytes")
    guard !row.isEmpty else { return }
    let column = row.count / 2
    batch.replaceColumn(column, with: [row[column]])
    written.removeAll()
    CopyText.appendLines(of: batch, to: &written)
    var again: Row = []
    var scratch: [UInt8] = []
    written.withUnsafeBufferPointer { buffer in
        do {
            try CopyText.decodeRow(buffer.baseAddress!, count: buffer.count - 1, into: &again, scratch: &scratch)
        } catch {
            fuzzRequire(false, "a line with a replaced column does not decode")
        }
    }
    fuzzRequire(again == row, "a line with a column replaced by its own value decodes to another row")
}
