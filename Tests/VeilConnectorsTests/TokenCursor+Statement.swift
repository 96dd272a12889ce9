@testable import VeilConnectors

extension TokenCursor {
    /// `body`'s answer for a cursor at the start of `sql`'s tokens (standard-conforming strings), as the dump
    /// scanner hands a statement over.
    static func reading<Answer>(_ sql: String, _ body: (TokenCursor) -> Answer) -> Answer {
        var text = sql
        return text.withUTF8 { bytes in
            body(TokenCursor(bytes: bytes, tokens: SQLTokenizer.tokens(bytes, standardConformingStrings: true)))
        }
    }
}
