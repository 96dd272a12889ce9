import Testing
import VeilCore

@testable import VeilPipeline

/// The uniqueness guard of a lossy rule on a unique column: two outputs collide when their bytes are equal, as a
/// PostgreSQL unique index (deterministic collation) compares them, whether the rule wrote `String`s or bytes.
@Suite("uniqueness guard")
struct UniquenessGuardTests {
    static let table = TableName(schema: "public", name: "accounts")

    static func guarded() -> UniquenessGuard {
        UniquenessGuard(column: ColumnName(table: table, column: "handle"))
    }

    @Test("an output seen before stops the run at its row, across batches and across the two forms")
    func collisionNamesItsRow() throws {
        for (first, second) in [(true, false), (false, true), (true, true), (false, false)] {
            func values(_ fields: [Field], asBytes: Bool) -> MaskedValues {
                asBytes ? .bytes(ByteColumn(fields)) : .fields(fields)
            }
            let guarded = Self.guarded()
            try guarded.record(values(["anna", nil, "", "bo"], asBytes: first), firstRowNumber: 1, table: Self.table)
            #expect(throws: VeilError.self) {
                try guarded.record(values([nil, "carl", "bo"], asBytes: second), firstRowNumber: 5, table: Self.table)
            }
            do {
                try Self.guarded().record(
                    values(["x", "y", "x"], asBytes: second), firstRowNumber: 10, table: Self.table)
                Issue.record("a repeated output was accepted")
            } catch let error as VeilError {
                #expect(error.code == .reviewNeeded)
                #expect(error.location?.row == 12)
                #expect(!error.description.contains("\"x\""))
            }
        }
    }

    @Test("NULLs never collide; canonically equivalent spellings of different bytes do not either")
    func nullsAndSpellings() throws {
        let guarded = Self.guarded()
        try guarded.record(.fields([nil, nil, "\u{E9}"]), firstRowNumber: 1, table: Self.table)
        // `e` + U+0301 equals `é` as a Swift String, but its bytes differ, and PostgreSQL stores both in a unique
        // column side by side.
        try guarded.record(.bytes(ByteColumn([nil, "e\u{301}"])), firstRowNumber: 4, table: Self.table)
        #expect(throws: VeilError.self) {
            try guarded.record(.fields(["e\u{301}"]), firstRowNumber: 6, table: Self.table)
        }
    }
}
