// Fuzz target `archive`: a pg_dump archive file (custom `-Fc` or tar `-Ft` format) through `PgDumpReader`, as
// `veil run` reads one: `isArchive` on the file's first bytes, then the two `pg_restore --file=-` passes (the
// pre-scan and the stream) with pg_restore's exit status and stderr checked after each. pg_restore itself is not
// instrumented; coverage is the reader's, on whatever text a damaged archive makes pg_restore write.
//
// Properties beyond "no crash":
// - `archiveFormat` says custom exactly for files that start with `PGDMP` and tar for the others that carry
//   `ustar` at offset 257, so a damaged archive is never read as a plain dump (or the other way round);
// - a damaged archive fails before any row: an archive the pre-scan accepts streams to its end without an error,
//   with as many rows per table as the pre-scan counted, and every failure is a typed `.source` error;
// - text passed through holds only what pg_dump writes (the `dump` target's `PassthroughCheck`).
//
// Each input spawns pg_restore twice (about 50 ms each), so this target runs about 8 inputs a second, not thousands.

import VeilCore

@testable import VeilConnectors

@_cdecl("LLVMFuzzerTestOneInput")
public func archiveFuzzTarget(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = fuzzBytes(data, size)
    let path = FuzzFile.store(UnsafeRawBufferPointer(input))
    let magic: PgDumpArchiveFormat? =
        input.starts(with: "PGDMP".utf8)
        ? .custom : (input.count >= 262 && input[257..<262].elementsEqual("ustar".utf8)) ? .tar : nil
    fuzzRequire(PgDumpReader.archiveFormat(path: path) == magic, "archiveFormat misreads the file's magic")
    // Plain text is the `dump` target's.
    guard magic != nil else { return 0 }
    let options = PgDumpReaderOptions(batchSize: 1 + size % 3, keepLargeObjects: size % 2 == 0)
    do {
        let reader = try PgDumpReader(path: path, options: options)
        let counted = try reader.rowCounts()
        StreamCheck.streamToEnd(reader, counted: counted)
    } catch let error as VeilError {
        fuzzRequire(error.code == .source, "an archive failed with an error code other than source (exit 66)")
    } catch {
        fuzzRequire(false, "an archive failed with an error that is not a VeilError")
    }
    return 0
}
