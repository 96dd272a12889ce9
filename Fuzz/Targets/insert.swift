// Fuzz target `insert`: one statement as the dump reader sees it after the lexer delimited it: tokenized,
// classified and, when it is an INSERT, parsed and decoded value by value. The first byte of the input chooses
// `standard_conforming_strings` (odd: on), the rest is the statement.
//
// Property beyond "no crash": a string value read from an INSERT, written again as pg_dump writes it
// (`SQLLiteral.quote`, which `PgDumpWriter` uses), tokenizes as one string literal and reads back to itself.

import VeilCore

@testable import VeilConnectors

@_cdecl("LLVMFuzzerTestOneInput")
public func insertFuzzTarget(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = fuzzBytes(data, size)
    guard let first = input.first else { return 0 }
    let standard = first & 1 == 1
    let statement = UnsafeBufferPointer(rebasing: input[1...])
    let tokens = SQLTokenizer.tokens(statement, standardConformingStrings: standard)
    let cursor = TokenCursor(bytes: statement, tokens: tokens)
    switch StatementKind.classify(cursor) {
    case .insert:
        decodeInsert(cursor, statement, standardConformingStrings: standard)
    case .copyFromStdin:
        _ = try? CopyHeader.parse(cursor, defaultSchema: "public")
    case .setting:
        var session = DumpSession()
        session.apply(cursor)
    default:
        break
    }
    return 0
}

private func decodeInsert(_ cursor: TokenCursor, _ bytes: UnsafeBufferPointer<UInt8>, standardConformingStrings: Bool) {
    guard let insert = try? InsertStatement.parse(cursor, defaultSchema: "public"),
        (try? insert.defaultPositions()) != nil
    else { return }
    fuzzRequire(insert.width > 0 && insert.values.count == insert.width * insert.rowCount, "a ragged INSERT was read")
    for value in insert.values {
        guard
            let text = try? InsertStatement.field(
                value, in: bytes, standardConformingStrings: standardConformingStrings)
        else { continue }
        guard case .string(let prefix) = value.kind, prefix != .bit, prefix != .hex else { continue }
        for standard in [true, false] {
            var quoted: [UInt8] = []
            SQLLiteral.quote(text, standardConformingStrings: standard, into: &quoted)
            quoted.withUnsafeBufferPointer { literal in
                let tokens = SQLTokenizer.tokens(literal, standardConformingStrings: standard)
                fuzzRequire(
                    tokens.count == 1 && tokens[0].start == 0 && tokens[0].end == literal.count,
                    "a quoted value does not tokenize as one literal")
                let back = try? SQLLiteral.value(of: literal, prefix: .none, standardConformingStrings: standard)
                fuzzRequire(back == text, "a quoted value does not read back to itself")
            }
        }
    }
}
