import VeilCore
import VeilMasking

/// Masks the batches of one table's data: the plan's transformers bound to the data's column order.
///
/// Immutable and `Sendable`, so workers share it while they mask batches of the same table.
package struct TableMasker: Sendable {
    struct BoundColumn: Sendable {
        let index: Int
        let name: String
        let transformer: any Transformer
        let relatedIndices: [Int]
        let uniqueness: UniquenessGuard?
        /// The column's single-column CHECK constraints that Veil can evaluate.
        let checks: [(check: ColumnCheck, predicate: CheckPredicate)]
    }

    let table: TableName
    /// The data's columns, in the order the rows carry them.
    let columnNames: [String]
    let columns: [BoundColumn]
    /// `rows: none`: rows are dropped, not masked.
    let dropsRows: Bool
    /// The leak check's hook: sees each masked column's originals and outputs, then each output batch.
    var observer: (any MaskedColumnObserver)? = nil

    /// Binds `action`'s transformers to the columns of `data`, in the order the rows carry them.
    init(
        data: TableData, action: TableAction, transformers: [String: any Transformer],
        uniquenessGuards: [String: UniquenessGuard] = [:]
    ) throws {
        table = data.table
        columnNames = data.columns
        switch action {
        case .keep:
            columns = []
            dropsRows = false
        case .schemaOnly:
            columns = []
            dropsRows = true
        case .mask(let plans):
            let indexByName = Dictionary(data.columns.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            var bound: [BoundColumn] = []
            for plan in plans {
                guard let index = indexByName[plan.column.name], let transformer = transformers[plan.column.name]
                else { continue }  // a generated column, absent from the data: nothing to mask
                var related: [Int] = []
                for name in transformer.relatedColumns {
                    guard let relatedIndex = indexByName[name] else {
                        throw VeilError(
                            .source,
                            "the data of \(data.table) lacks column `\(name)`, which the rule of "
                                + "`\(plan.column.name)` reads",
                            location: .init(table: data.table, column: plan.column.name))
                    }
                    related.append(relatedIndex)
                }
                bound.append(
                    BoundColumn(
                        index: index, name: plan.column.name, transformer: transformer, relatedIndices: related,
                        uniqueness: uniquenessGuards[plan.column.name],
                        checks: plan.column.checks.compactMap { check in
                            check.predicate(column: plan.column.name).map { (check, $0) }
                        }))
            }
            columns = bound
            dropsRows = false
        }
    }

    /// Masks every bound column of `batch`. Related columns are read from the original values.
    package func mask(_ batch: RowBatch) throws -> RowBatch {
        guard !columns.isEmpty else {
            observer?.observe(output: batch, columns: columnNames)
            return batch
        }
        var output = batch
        // Every masked column decoded in one pass over the batch's rows.
        let decoded = batch.columns(columns.map(\.index))
        for (column, before) in zip(columns, decoded) {
            // Related columns are read from the original values, whatever rules ran before.
            let related = column.relatedIndices.map { batch.column($0) }
            let values: MaskedValues
            do {
                values = try masked(before, by: column.transformer, related: related)
            } catch {
                throw VeilError(
                    .source, "cannot mask this value: \(error.reason)",
                    location: .init(table: table, column: column.name, row: batch.firstRowNumber + error.rowIndex))
            }
            try column.uniqueness?.record(values, firstRowNumber: batch.firstRowNumber, table: table)
            if !column.checks.isEmpty {
                try verifyChecks(column, masked: values.fields, original: before, batch: batch)
            }
            observer?.observe(
                table: table, column: column.name, original: before, masked: values,
                firstRowNumber: batch.firstRowNumber)
            output.replaceColumn(column.index, with: values)
            if output.storageClasses != nil {
                // A value the rule replaced is stored by the column's type; one it left as it was keeps its class.
                for rowIndex in before.indices
                where column.index >= batch.width(ofRow: rowIndex) || values[rowIndex] != before[rowIndex] {
                    output.storageClasses?.forget(row: rowIndex, column: column.index)
                }
            }
        }
        observer?.observe(output: output, columns: columnNames)
        return output
    }

    /// `values` masked by `transformer`: written as bytes where the rule has a byte path, else as `String`s.
    private func masked(
        _ values: [Field], by transformer: any Transformer, related: [[Field]]
    ) throws(MaskingError) -> MaskedValues {
        if let bytes = try transformer.transformedBytes(values, related: related) { return .bytes(bytes) }
        var strings = values
        try transformer.transform(&strings, related: related)
        return .fields(strings)
    }

    /// Stops before a masked value that breaks one of the column's CHECK constraints reaches the copy (where the
    /// restore would fail): names the table, column, row and constraint, never the value. A row whose original
    /// already broke the constraint (one added `NOT VALID`) is not judged.
    private func verifyChecks(
        _ column: BoundColumn, masked: [Field], original: [Field], batch: RowBatch
    ) throws {
        for (rowIndex, value) in masked.enumerated() {
            guard let value else { continue }
            for (check, predicate) in column.checks where predicate.admits(value) == false {
                if let source = original[rowIndex], predicate.admits(source) == false { continue }
                throw VeilError(
                    .reviewNeeded,
                    "the masked value breaks CHECK constraint \(check.name ?? "(unnamed)") (\(check.expression)); "
                        + "choose a rule or parameters whose outputs keep it",
                    location: .init(table: table, column: column.name, row: batch.firstRowNumber + rowIndex))
            }
        }
    }
}
