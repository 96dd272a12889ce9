import Testing
import VeilCore
import VeilCrypto
import VeilMasking
import VeilProfile
import VeilTestSupport

@testable import VeilPipeline

/// A SQLite source's storage classes through masking: kept columns keep theirs; in a masked column a value the rule
/// left as it was keeps its class (a blob in a notes column that `scrub` found nothing in stays a blob), a value it
/// replaced has none (the writer stores it by the column's type).
@Suite("TableMasker and storage classes")
struct TableMaskerStorageClassTests {
    @Test("unchanged masked values keep their storage class, replaced ones lose it, kept columns keep theirs")
    func storageClassesThroughMasking() throws {
        let table = TableSchema(
            name: TableName(schema: "", name: "notes"),
            columns: [Column(name: "id", type: "INTEGER"), Column(name: "note", type: "TEXT")], primaryKey: ["id"])
        let profile = try ProfileLoader.parse(
            """
            version: 1
            keys: { store: keys, passphrase: env:VEIL_PASSPHRASE }
            tables:
              notes:
                columns:
                  id: keep
                  note: scrub
            """, file: "test.yaml")
        let plan = try PlanBuilder(profile: profile, schema: DatabaseSchema(tables: [table]), defaultSchema: "").build()
        let keys = MaskingKeyRing(dataKey: SecureBytes(Array(repeating: 7, count: 32)), keyVersion: 1)
        let transformers = try TransformerCache(plan: plan, keys: keys)
        let data = TableData(table: table.name, columns: ["id", "note"])
        let masker = try TableMasker(
            data: data, action: plan.actions[table.name] ?? .keep,
            transformers: transformers.transformers(for: table.name))
        var classes = StorageClasses(width: 2)
        for storageClass in [StorageClass.integer, .blob, .integer, .text, .integer, .unknown] {
            classes.append(storageClass)
        }
        let batch = RowBatch(
            table: table.name, rows: [["1", "\\x04"], ["2", "write to ada.lovelace@example.com"], ["3", nil]],
            firstRowNumber: 1, storageClasses: classes)
        let masked = try masker.mask(batch)
        #expect(masked.rows[0][1] == "\\x04")
        #expect(masked.rows[1][1] != batch.rows[1][1])
        let output = try #require(masked.storageClasses)
        #expect(output[0, 1] == .blob)
        #expect(output[1, 1] == .unknown)
        #expect(output[0, 0] == .integer && output[1, 0] == .integer && output[2, 0] == .integer)
    }
}
