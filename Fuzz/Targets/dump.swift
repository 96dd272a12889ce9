// Fuzz target `dump`: a whole plain-format dump through `PgDumpReader`, as `veil run` reads one: the pre-scan
// (statement lexer, tokenizer, classifier, grammar, schema builder, COPY and INSERT checks), then the stream.
//
// Properties beyond "no crash":
// - a dump the pre-scan accepts streams to its end without an error (the pre-scan exists so that nothing is
//   streamed from a dump that fails), with as many rows per table as the pre-scan counted;
// - no text that is not a statement pg_dump writes is passed through: the passthrough text, read again, holds
//   only blank lines, `--` comments, the meta-commands pg_dump writes and statements that start with one of
//   pg_dump's statement keywords and hold no control character outside quotes, and never a COPY block, row
//   data or an INSERT with values.
//
// The options and the read chunk size come from the input's length, so mutations cross chunk boundaries.

import VeilCore

@testable import VeilConnectors

@_cdecl("LLVMFuzzerTestOneInput")
public func dumpFuzzTarget(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = fuzzBytes(data, size)
    // Archives are read through pg_restore; only plain text is this target's.
    if input.starts(with: "PGDMP".utf8) || (input.count >= 262 && input[257..<262].elementsEqual("ustar".utf8)) {
        return 0
    }
    let path = FuzzFile.store(UnsafeRawBufferPointer(input))
    let options = PgDumpReaderOptions(
        batchSize: 1 + size % 3, keepLargeObjects: size % 2 == 0, keepComments: (size / 2) % 2 == 0)
    guard let reader = try? PgDumpReader(path: path, options: options, chunkSize: 64 + (size % 5) * 61) else {
        return 0
    }
    guard let counted = try? reader.rowCounts() else { return 0 }
    StreamCheck.streamToEnd(reader, counted: counted)
    return 0
}
