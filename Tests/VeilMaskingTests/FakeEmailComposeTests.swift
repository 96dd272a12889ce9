import Testing

@testable import VeilMasking

/// `fake.email` composes its address in one buffer; these tests hold it to the interpolating version it replaced
/// (kept here as the oracle), draw for draw, with and without a column length.
@Suite("fake.email composition")
struct FakeEmailComposeTests {
    /// The generator as it was before it composed its values (bb5d9b4 and earlier).
    static func interpolated(random: inout SeededRandom, maximumLength: Int?) -> String {
        let suffixAlphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        let first = random.pick(WordLists.firstNamesForEmail)
        let last = random.pick(WordLists.lastNamesForEmail)
        var name: String
        switch random.next(below: 4) {
        case 0: name = "\(first).\(last)"
        case 1: name = "\(first)_\(last)"
        case 2: name = "\(first)\(last)"
        default: name = "\(first.prefix(1)).\(last)"
        }
        var tail = "."
        for _ in 0..<6 { tail.append(random.pick(suffixAlphabet)) }
        tail += "@" + random.pick(EmailGenerator.domains)
        if let maximumLength, name.utf8.count + tail.utf8.count > maximumLength {
            let budget = maximumLength - tail.utf8.count
            guard budget >= 1 else { return String(tail.dropFirst()) }
            name = String(name.prefix(budget))
            while name.last == "." || name.last == "_" { name.removeLast() }
            if name.isEmpty { name = String(first.prefix(1)) }
        }
        return name + tail
    }

    @Test("the same address as the interpolating version for 20,000 seeds, in columns of any length or none")
    func sameAsInterpolated() {
        let generator = EmailGenerator()
        for seed in 0..<20_000 {
            let words: (UInt64, UInt64, UInt64, UInt64) = (UInt64(seed), UInt64(seed) &* 0x9E37_79B9_7F4A_7C15, 3, 4)
            let maximumLength: Int? = seed % 3 == 0 ? nil : [5, 12, 18, 20, 24, 30, 40, 255][seed % 8]
            var composing = SeededRandom(words: words)
            var interpolating = SeededRandom(words: words)
            let composed = generator.generate(for: "x", random: &composing, maximumLength: maximumLength)
            #expect(composed == Self.interpolated(random: &interpolating, maximumLength: maximumLength))
            // Both drew as many numbers from the stream.
            #expect(composing.next() == interpolating.next())
        }
    }
}
