import VeilCore
import VeilCrypto

/// The hot path of `fpe` on a text column with an ASCII alphabet (digits, letters, an explicit ASCII list), for the
/// values most columns hold: all ASCII, with at least the free characters FF1 needs. Their bytes are read once: the
/// alphabet's characters become numerals, the free ones packed by length and tweak for FF1's in-place batch path
/// (``PackedFF1Batch``), and the output is written straight from the input's bytes and the results. Byte for byte what
/// the general path (``ParsedValue``) writes — `FPEASCIIPathTests` compares the two on random values.
struct FPEASCIIValues {
    private let table: NumeralTable
    private let keepPrefix: Int
    private let keepSuffix: Int
    private let minimumFree: Int
    private var batch = PackedFF1Batch()
    /// The row of each value taken, in the batch's order.
    private(set) var rows: [Int] = []

    /// `nil` when the alphabet has a character beyond ASCII.
    init?(table: NumeralTable, keepPrefix: Int, keepSuffix: Int, minimumFree: Int) {
        guard table.isASCII else { return nil }
        self.table = table
        self.keepPrefix = keepPrefix
        self.keepSuffix = keepSuffix
        self.minimumFree = minimumFree
    }

    /// Takes `value` when this path serves it; `false` leaves it to the general path (other scripts, short values).
    mutating func add(_ value: String, row: Int) -> Bool {
        var value = value
        return value.withUTF8 { bytes in
            withUnsafeTemporaryAllocation(of: UInt16.self, capacity: bytes.count) { scratch in
                let table = table
                var count = 0
                for byte in bytes {
                    guard byte < 0x80 else { return false }
                    let numeral = table.numeral(UInt32(byte))
                    if numeral != NumeralTable.none {
                        scratch[count] = numeral
                        count &+= 1
                    }
                }
                let numerals = UnsafeBufferPointer(rebasing: scratch[..<count])
                let start = min(keepPrefix, count)
                let end = max(start, count - keepSuffix)
                guard end - start >= minimumFree, end - start <= FF1.maximumLength else { return false }
                batch.add(
                    UnsafeBufferPointer(rebasing: numerals[start..<end]), tweak: Self.tweak(numerals, free: start..<end)
                )
                rows.append(row)
                return true
            }
        }
    }

    /// The tweak ``ParsedValue/tweak`` gives: the kept numerals, two bytes each, around `FF FF`; empty when none is
    /// kept.
    static func tweak(_ numerals: UnsafeBufferPointer<UInt16>, free: Range<Int>) -> [UInt8] {
        guard free.count != numerals.count else { return [] }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(2 * (numerals.count - free.count) + 2)
        for numeral in numerals[..<free.lowerBound] {
            bytes.append(UInt8(numeral >> 8))
            bytes.append(UInt8(numeral & 0xFF))
        }
        bytes.append(0xFF)
        bytes.append(0xFF)
        for numeral in numerals[free.upperBound...] {
            bytes.append(UInt8(numeral >> 8))
            bytes.append(UInt8(numeral & 0xFF))
        }
        return bytes
    }

    /// Encrypts every value taken.
    /// - Throws: ``FF1Failure`` whose `jobIndex` is the value's place in ``rows``.
    mutating func encrypt(with cipher: FF1) throws(FF1Failure) {
        try batch.run(cipher)
    }

    /// Writes each value's masked form into its row.
    func write(into values: inout [Field]) {
        for (index, row) in rows.enumerated() {
            guard var value = values[row] else { continue }
            values[row] = batch.withNumerals(of: index) { free in
                value.withUTF8 { assemble($0, free: free) }
            }
        }
    }

    /// `bytes` with the free characters of the alphabet replaced by the characters of `free`.
    private func assemble(_ bytes: UnsafeBufferPointer<UInt8>, free: UnsafeBufferPointer<UInt16>) -> String {
        let table = table
        let keepPrefix = keepPrefix
        return String(unsafeUninitializedCapacity: bytes.count) { output in
            var member = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                output[index] = byte
                guard table.numeral(UInt32(byte)) != NumeralTable.none else { continue }
                let position = member - keepPrefix
                if position >= 0 && position < free.count {
                    output[index] = UInt8(truncatingIfNeeded: table.scalar(free[position]))
                }
                member += 1
            }
            return bytes.count
        }
    }
}
