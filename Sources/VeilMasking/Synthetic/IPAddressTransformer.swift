import VeilCore

/// One IP address family: its width in bits and its text form.
protocol IPFamily: Sendable {
    /// The rule's name, for messages: `ipv4`, `ipv6`.
    static var name: String { get }
    static var width: Int { get }
    /// The address bits of `text` (without a `/prefix`), or `nil` when it is not an address of the family.
    static func parse(_ text: Substring) -> [UInt16]?
    static func format(_ bits: [UInt16]) -> String
}

/// The transformer behind `ipv4` and `ipv6`: FF1 over the free bits of the address (see
/// ``AddressBitsCipher``), the kept prefix bits and any `/prefix` suffix unchanged.
struct IPAddressTransformer<Family: IPFamily>: ReversibleTransformer {
    let cipher: AddressBitsCipher
    let keepPrefix: Int
    /// On a `cidr` column the bits after a value's own prefix length are host bits, zero, and stay so.
    let isCIDR: Bool

    init(_ context: RuleContext) throws(RuleConfigurationError) {
        guard NetworkColumn.accepts(context.column.type, types: ["inet", "cidr"]) else {
            throw RuleConfigurationError("\(Family.name) needs a text, inet or cidr column")
        }
        isCIDR = NetworkColumn.baseName(context.column.type) == "cidr"
        keepPrefix = min(Family.width, max(0, context.integer("keep_prefix") ?? 0))
        cipher = try AddressBitsCipher(keys: context.keys, label: Family.name + ".short")
    }

    private func parse(_ value: String) throws(ValueError) -> (AddressBits, suffix: Substring) {
        guard let (text, prefix) = IPAddressText.splitPrefix(value, maximumPrefix: Family.width),
            let bits = Family.parse(text)
        else { throw ValueError("not an \(Family.name == "ipv4" ? "IPv4" : "IPv6") address") }
        let suffix = value[text.endIndex...]
        return (AddressBits(bits: bits, keepPrefix: keepPrefix, end: isCIDR ? prefix : nil), suffix)
    }

    func transform(_ values: inout [Field], related: [[Field]]) throws(MaskingError) {
        if Family.width == 32 && keepPrefix == 0 && !isCIDR,
            try IPv4PackedAddresses.transform(&values, cipher: cipher.nibbleBatcher.cipher)
        {
            return
        }
        try transformGenerally(&values)
    }

    /// The general path: every address as its bits, for any family, `keep_prefix` and column type.
    func transformGenerally(_ values: inout [Field]) throws(MaskingError) {
        var addresses: [AddressBits] = []
        var suffixes: [Substring] = []
        var rows: [Int] = []
        for row in values.indices {
            guard let value = values[row], !value.isEmpty else { continue }
            do {
                let (address, suffix) = try parse(value)
                addresses.append(address)
                suffixes.append(suffix)
                rows.append(row)
            } catch {
                throw MaskingError(rowIndex: row, reason: error.reason)
            }
        }
        let results: [[UInt16]]
        do {
            results = try cipher.encrypt(addresses, sources: rows.map { values[$0] ?? "" })
        } catch {
            throw MaskingError(rowIndex: rows[error.jobIndex], reason: error.reason)
        }
        for (index, row) in rows.enumerated() {
            values[row] = Family.format(results[index]) + suffixes[index]
        }
    }

    func reveal(_ token: String) throws(ValueError) -> String {
        let (address, suffix) = try parse(token)
        return Family.format(try cipher.decrypt(address)) + suffix
    }
}
