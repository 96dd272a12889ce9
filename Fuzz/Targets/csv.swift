// Fuzz target `csv`: one CSV file through `CSVFileScanner`, the reader both passes of `CSVReader` use: byte order
// mark, header, records with quotes, CR/LF and blank lines, UTF-8 and field-count checks. Inputs whose length is
// a multiple of 4 are read with `;` and `'` instead of `,` and `"`; the read chunk size comes from the length too.
//
// Property beyond "no crash": a file read with the standard dialect, written again by `CSVFieldEncoder` (the CSV
// writer's encoder), reads back to the same header and rows.

import VeilCore

@testable import VeilConnectors

@_cdecl("LLVMFuzzerTestOneInput")
public func csvFuzzTarget(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = fuzzBytes(data, size)
    let standard = size % 4 != 0
    let dialect = standard ? CSVDialect.standard : CSVDialect(delimiter: UInt8(ascii: ";"), quote: UInt8(ascii: "'"))
    guard let file = read(UnsafeRawBufferPointer(input), dialect: dialect, chunkSize: 64 + (size % 7) * 29) else {
        return 0
    }
    guard standard else { return 0 }
    var written: [UInt8] = []
    CSVFieldEncoder.appendRecord(file.columns, order: nil, to: &written)
    for row in file.rows { CSVFieldEncoder.appendRecord(row, order: nil, to: &written) }
    let again = written.withUnsafeBytes { read($0, dialect: .standard, chunkSize: 4096) }
    fuzzRequire(again != nil, "a file written by CSVFieldEncoder is refused")
    fuzzRequire(again?.columns == file.columns, "the header read back differs")
    fuzzRequire(again?.rows == file.rows, "the rows read back differ")
    return 0
}

/// The header and rows of `bytes` as a CSV file, or nil when the scanner refuses it.
private func read(_ bytes: UnsafeRawBufferPointer, dialect: CSVDialect, chunkSize: Int) -> (
    columns: [Field], rows: [Row]
)? {
    let path = FuzzFile.store(bytes)
    guard
        let scanner = try? CSVFileScanner(
            path: path, table: TableName(schema: "", name: "t"), chunkSize: chunkSize,
            dialect: dialect)
    else { return nil }
    var rows: [Row] = []
    do {
        while try scanner.nextRecord() {
            let row = scanner.currentRow()
            fuzzRequire(row.count == scanner.columns.count, "a record of another width than the header was returned")
            rows.append(row)
            scanner.finishRecord()
        }
    } catch {
        return nil
    }
    return (scanner.columns, rows)
}
