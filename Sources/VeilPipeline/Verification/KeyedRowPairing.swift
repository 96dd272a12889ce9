import VeilCore

/// Pairs output rows with source rows by key (see ``PairingPlan``), never by position, and compares each pair field
/// by field: a field equal to its own row's original under a masking rule (not a short word of letters, see
/// ``SourceValueIndex/isJudgedInPlace(_:)``, nor a value the rule keeps by design) is a leak, as a run counts it; a
/// field that is neither its expected output (the source row masked again, see ``ExpectedOutput``) nor, for a kept
/// column, the original is *unexpected*. Counts name output tables as the output names them.
///
/// The source side is held as keyed fingerprints (``LeakHasher``, never a value): per source row, its output key's
/// fingerprint → per compared column the fingerprints of the expected field and (for a masked column) the original.
/// Memory: 16 bytes per compared column and about ``rowOverhead`` per row, at most ``budget`` bytes (plus the place
/// of each leak found). A source that
/// needs more is held one part of its key space at a time (``Partition``): when the budget fills, the part held is
/// halved (the other half queued) and each part costs one more pass over the source and the output.
package final class KeyedRowPairing {
    /// The keys whose fingerprint is `residue` modulo `modulus`.
    struct Partition: Equatable, Sendable {
        let residue: UInt64
        let modulus: UInt64

        func holds(_ key: UInt64) -> Bool { key % modulus == residue }
    }

    /// One output table's held source rows.
    private struct Held {
        /// Two words (expected, original) per compared column.
        let stride: Int
        /// Key fingerprint → row index in ``words``, or -1 where two source rows share a key.
        var rows: [UInt64: Int32] = [:]
        var words: [UInt64] = []

        var bytes: Int { words.count * 8 + rows.count * KeyedRowPairing.rowOverhead }

        func keeping(_ partition: Partition) -> Held {
            var kept = Held(stride: stride)
            for (key, index) in rows where partition.holds(key) {
                guard index >= 0 else {
                    kept.rows[key] = -1
                    continue
                }
                kept.rows[key] = Int32(kept.words.count / stride)
                let start = Int(index) * stride
                kept.words.append(contentsOf: words[start..<start + stride])
            }
            return kept
        }
    }

    /// An estimate of the bytes a held row costs beyond its words (its dictionary entry).
    static let rowOverhead = 24
    /// The default memory budget: 256 MiB.
    static let defaultBudget = 256 << 20

    package let plan: PairingPlan
    private let mapping: OutputTableMapping
    private let hasher: LeakHasher
    private let budget: Int
    private let nullFingerprint: UInt64
    private(set) var partition = Partition(residue: 0, modulus: 1)
    private var pending: [Partition] = []
    private var held: [TableName: Held] = [:]
    private var heldBytes = 0
    /// The most bytes held at once.
    package private(set) var peakBytes = 0
    /// How many parts of the key space were held (one pass each).
    package private(set) var passes = 1

    /// Counts by output `table.column`: fields that are not their expected value; fields equal to their own original.
    package private(set) var unexpected: [String: Int] = [:]
    package private(set) var leaks: [String: Int] = [:]
    /// Where the leaks counted in ``leaks`` are (a field found by the substring scan too counts once).
    package private(set) var leakedPlaces: Set<LeakPlace> = []
    /// By output table (as the output names it): rows paired with their source row; rows whose key no source row (or
    /// two) has.
    package private(set) var pairedRows: [TableName: Int] = [:]
    package private(set) var unmatchedRows: [TableName: Int] = [:]

    package init(
        plan: PairingPlan, mapping: OutputTableMapping, budget: Int = defaultBudget, hasher: LeakHasher = LeakHasher()
    ) {
        self.plan = plan
        self.mapping = mapping
        self.budget = budget
        self.hasher = hasher
        nullFingerprint = max(hasher.fingerprint("\u{0}NULL"), 1)
    }

    /// Whether the rows of source table `table` are paired (in an output table with a key).
    package func pairs(_ table: TableName) -> Bool {
        mapping.root(of: table).map { plan.tables[$0] != nil } ?? false
    }

    /// Moves on to the next queued part of the key space, dropping the rows held; false when every part is done.
    package func advance() -> Bool {
        guard !pending.isEmpty else { return false }
        partition = pending.removeFirst()
        held = [:]
        heldBytes = 0
        passes += 1
        return true
    }

    /// Holds the rows of a source batch whose key falls in the current part of the key space.
    /// - Parameters:
    ///   - columns: the batch's columns, in order.
    ///   - expected: the batch masked again, or nil when nothing is recomputed.
    ///   - recomputed: the columns of `expected` that hold their expected output.
    ///   - scope: the leak scope's columns of the table: those masked must not give back their original.
    package func hold(
        _ original: RowBatch, columns: [String], expected: RowBatch?, recomputed: Set<String>,
        scope: LeakScope.Columns?
    ) {
        guard let root = mapping.root(of: original.table), let table = plan.tables[root] else { return }
        let position = Self.positions(of: columns)
        let keyPositions = table.key.compactMap { position[$0] }
        guard keyPositions.count == table.key.count else { return }
        let keyForms = table.key.map { table.forms[$0] ?? .exact }
        let compared = table.columns.map { name in
            (
                position: position[name], form: table.forms[name] ?? .exact,
                expected: expected != nil && recomputed.contains(name), masked: scope?.masked.contains(name) ?? false
            )
        }
        var target = held[root] ?? Held(stride: compared.count * 2)
        // Decoded once: a batch holding its source's bytes decodes on every `rows`.
        let originalRows = original.rows
        let expectedRows = expected?.rows
        let keyRows = expectedRows ?? originalRows
        for (index, row) in originalRows.enumerated() {
            guard let key = keyFingerprint(keyRows[index], positions: keyPositions, forms: keyForms),
                partition.holds(key)
            else { continue }
            guard target.rows[key] == nil else {
                target.rows[key] = -1
                continue
            }
            target.rows[key] = Int32(target.words.count / target.stride)
            for (offset, column) in compared.enumerated() {
                guard let at = column.position, at < row.count else {
                    target.words.append(contentsOf: [0, 0])
                    continue
                }
                let expectedRow = expectedRows?[index]
                target.words.append(
                    column.expected && at < expectedRow!.count ? fingerprint(expectedRow![at], column.form) : 0)
                if column.masked, let value = row[at], !value.isEmpty, SourceValueIndex.isJudgedInPlace(value),
                    scope?.keepsUnchanged(table.columns[offset], value) != true
                {
                    target.words.append(fingerprint(value, column.form))
                } else {
                    target.words.append(0)
                }
            }
            heldBytes += target.stride * 8 + Self.rowOverhead
            if heldBytes > budget {
                held[root] = target
                split()
                target = held[root] ?? Held(stride: target.stride)
            }
            peakBytes = max(peakBytes, heldBytes)
        }
        held[root] = target
    }

    /// Compares the rows of an output batch whose key falls in the current part of the key space with their source
    /// rows.
    /// - Parameter source: the source table the batch's output table is made for (see ``OutputTableMapping``).
    func compare(_ batch: RowBatch, source: TableName, columns: [String]) {
        guard let table = plan.tables[source] else { return }
        let position = Self.positions(of: columns)
        let keyPositions = table.key.compactMap { position[$0] }
        let keyForms = table.key.map { table.forms[$0] ?? .exact }
        let compared = table.columns.enumerated().compactMap { offset, name in
            position[name].map { (word: offset * 2, position: $0, form: table.forms[name] ?? .exact, name: name) }
        }
        let rows = held[source]
        let output = batch.table.description
        var paired = 0
        var unmatched = 0
        for (offset, row) in batch.rows.enumerated() {
            guard keyPositions.count == table.key.count,
                let key = keyFingerprint(row, positions: keyPositions, forms: keyForms)
            else {
                if passes == 1 { unmatched += 1 }  // counted in the first pass only
                continue
            }
            guard partition.holds(key) else { continue }
            guard let rows, let index = rows.rows[key], index >= 0 else {
                unmatched += 1
                continue
            }
            paired += 1
            let base = Int(index) * rows.stride
            for column in compared where column.position < row.count {
                let field = fingerprint(row[column.position], column.form)
                let expected = rows.words[base + column.word]
                let original = rows.words[base + column.word + 1]
                if expected != 0 && field != expected {
                    unexpected["\(output).\(column.name)", default: 0] += 1
                }
                if original != 0 && field == original {
                    leaks["\(output).\(column.name)", default: 0] += 1
                    leakedPlaces.insert(
                        LeakPlace(table: source, column: column.name, row: batch.firstRowNumber + offset))
                }
            }
        }
        if paired > 0 { pairedRows[batch.table, default: 0] += paired }
        if unmatched > 0 { unmatchedRows[batch.table, default: 0] += unmatched }
    }

    /// Halves the part of the key space held until the rows held fit the budget, queueing the other halves.
    private func split() {
        while heldBytes > budget && partition.modulus < 1 << 32 {
            pending.append(Partition(residue: partition.residue + partition.modulus, modulus: partition.modulus * 2))
            partition = Partition(residue: partition.residue, modulus: partition.modulus * 2)
            held = held.mapValues { $0.keeping(partition) }
            heldBytes = held.values.reduce(0) { $0 + $1.bytes }
        }
    }

    private func fingerprint(_ field: Field, _ form: ComparedForm) -> UInt64 {
        guard let field else { return nullFingerprint }
        return max(hasher.fingerprint(form.canonical(field)), 1)
    }

    /// The fingerprint of a row's key (its fields' fingerprints chained through the keyed mix), or nil when a key
    /// field is NULL.
    private func keyFingerprint(_ row: Row, positions: [Int], forms: [ComparedForm]) -> UInt64? {
        var combined: UInt64 = 0
        for (position, form) in zip(positions, forms) {
            guard position < row.count, let field = row[position] else { return nil }
            combined = hasher.window(combined ^ hasher.fingerprint(form.canonical(field)))
        }
        return combined
    }

    private static func positions(of columns: [String]) -> [String: Int] {
        Dictionary(columns.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
