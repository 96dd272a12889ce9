import VeilCore
import VeilCrypto

/// One kind of synthetic value for the `fake.*` rules.
protocol SyntheticGenerator: Sendable {
    /// Word lists the generator draws from; a missing one is a configuration error.
    var requiredLists: [[String]] { get }

    /// A synthetic value for `input`, drawn from `random` (seeded by the input's keyed digest).
    /// - Parameter maximumLength: the column's declared length, so a generator can shorten the
    ///   right part (an email keeps its domain); the result is truncated to it afterwards anyway.
    func generate(for input: String, random: inout SeededRandom, maximumLength: Int?) -> String

    /// Appends the value ``generate(for:random:maximumLength:)`` returns, as UTF-8 bytes, to `output`, drawing the
    /// same numbers from `random`: the byte path. A generator that composes its values writes them here without a
    /// `String`; the default appends the bytes of `generate`'s.
    func write(for input: String, random: inout SeededRandom, maximumLength: Int?, to output: inout ValueScratch)

    /// Non-text column types the generator also writes (`inet`, `macaddr`...), lower case.
    var columnTypes: Set<String> { get }
}

extension SyntheticGenerator {
    var columnTypes: Set<String> { [] }

    func write(for input: String, random: inout SeededRandom, maximumLength: Int?, to output: inout ValueScratch) {
        output.append(generate(for: input, random: &random, maximumLength: maximumLength))
    }
}

/// The transformer behind every `fake.<kind>` rule.
///
/// Seeds a stream with `HMAC(domain key, "veil/fake.<kind>" ‖ 0 ‖ value)` and asks the generator
/// for a value, so the same input gives the same fake in every table, run and machine, and another
/// key store gives unrelated fakes. The output is truncated to the column's declared length and is
/// never the input itself: a draw that equals it is redrawn from the same stream. NULL and empty
/// strings pass unchanged.
struct FakeTransformer<Generator: SyntheticGenerator>: ValueTransformer {
    /// Redraws before giving up on avoiding the input (each redraw repeats with probability ~1/N).
    static var maximumDraws: Int { 16 }

    let seed: KeyedSeed
    let type: ColumnType
    let generator: Generator

    /// - Parameter writesUUIDColumns: also accept PostgreSQL `uuid` columns (for a generator of UUIDs).
    init(
        _ context: RuleContext, kind: String, generator: Generator, writesUUIDColumns: Bool = false
    ) throws(RuleConfigurationError) {
        type = ColumnType(context.column.type)
        guard
            type.isTextual || NetworkColumn.accepts(context.column.type, types: generator.columnTypes)
                || (writesUUIDColumns && UUIDText.isUUIDColumn(context.column.type))
        else {
            throw RuleConfigurationError("fake.\(kind) writes text; the column's type cannot hold it")
        }
        guard generator.requiredLists.allSatisfy({ !$0.isEmpty }) else {
            throw RuleConfigurationError("fake.\(kind) cannot find its word lists in the installation")
        }
        seed = KeyedSeed(hmac: context.keys.hmac, label: "fake.\(kind)")
        self.generator = generator
    }

    func transform(_ value: String) throws(ValueError) -> String {
        var random = seed.random(value)
        var candidate = value
        for _ in 0..<Self.maximumDraws {
            candidate = type.fit(generator.generate(for: value, random: &random, maximumLength: type.maximumLength))
            if candidate != value { return candidate }
        }
        return candidate
    }

    /// The byte path: the same draws as ``transform(_:)``, each value composed by the generator in a scratch buffer
    /// (reused for the batch), cut to the column's length and appended to the batch's column.
    /// Only generators that compose their values (``ComposingGenerator``) take it: for the others it would copy the
    /// `String` they return, and measured slower than keeping it.
    func transformedBytes(_ values: [Field], related: [[Field]]) throws(MaskingError) -> ByteColumn? {
        guard generator is any ComposingGenerator else { return nil }
        var output = ByteColumn(reservingValues: values.count, bytes: values.count * 16)
        ValueScratch.with { scratch in
            for field in values {
                guard var value = field, !value.isEmpty else {
                    output.append(field)
                    continue
                }
                var random = seed.random(value)
                for _ in 0..<Self.maximumDraws {
                    scratch.removeAll()
                    generator.write(for: value, random: &random, maximumLength: type.maximumLength, to: &scratch)
                    scratch.truncate(to: type.fittedLength(scratch.bytes))
                    if !Self.isInput(scratch.bytes, &value) { break }
                }
                output.append(scratch.bytes)
            }
        }
        return output
    }

    /// Whether `candidate` equals `input` as ``transform(_:)`` compares them (`String` equality, which holds
    /// canonically equivalent texts equal). Texts whose bytes first differ at an ASCII character on both sides, or
    /// where one of them ends, differ as `String`s too: an ASCII character is a starter with no decomposition, so
    /// their canonical decompositions differ there. Only a difference at a non-ASCII byte is judged by `String`s.
    static func isInput(_ candidate: UnsafeBufferPointer<UInt8>, _ input: inout String) -> Bool {
        input.withUTF8 { bytes in
            var offset = 0
            let common = min(bytes.count, candidate.count)
            while offset < common, bytes[offset] == candidate[offset] { offset += 1 }
            if offset == bytes.count && offset == candidate.count { return true }
            if offset == common || (bytes[offset] < 0x80 && candidate[offset] < 0x80) { return false }
            return String(decoding: candidate, as: UTF8.self) == String(decoding: bytes, as: UTF8.self)
        }
    }
}

/// Builds the catalogue entry of a `fake.<kind>` rule.
enum FakeRule {
    /// - Parameter outputBits: about log2 of the distinct values the generator draws from, when large
    ///   enough to matter for unique columns (see ``RuleDefinition/outputBits``).
    /// - Parameter writesUUIDColumns: the rule may also write PostgreSQL `uuid` columns.
    static func definition<Generator: SyntheticGenerator>(
        kind: String, summary: String, generator: Generator, outputBits: Int? = nil, writesUUIDColumns: Bool = false
    ) -> RuleDefinition {
        RuleDefinition(
            name: "fake.\(kind)", summary: summary, isKeyed: true, outputBits: { _ in outputBits },
            make: { context throws(RuleConfigurationError) in
                try FakeTransformer(context, kind: kind, generator: generator, writesUUIDColumns: writesUUIDColumns)
            }
        )
        .withLeakRole(.secretSynthetic)
    }
}
