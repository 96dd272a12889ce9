import Testing
import VeilCore
import VeilCrypto

@testable import VeilMasking

@Suite("card volume")
struct CardVolumeTests {
    /// 100,000 distinct Luhn-valid 16-digit numbers through `card`: all outputs Luhn-valid and distinct.
    @Test func hundredThousandCards() throws {
        let transformer = try #require(try Fixtures.transformer("card") as? CardTransformer)
        var random = Fixtures.random(111)
        var seen = Set<String>()
        var inputs: [String] = []
        inputs.reserveCapacity(100_000)
        while inputs.count < 100_000 {
            let card = Fixtures.cardNumber(length: 16, prefix: "4", &random)
            if seen.insert(card).inserted { inputs.append(card) }
        }
        var column: [Field] = inputs
        let elapsed = try ContinuousClock().measure { try transformer.transform(&column, related: []) }
        print("card: 100,000 masked in \(elapsed)")
        let outputs = try column.map { try #require($0) }
        #expect(outputs.allSatisfy { Luhn.isValid(Array($0.utf8).map { $0 - 0x30 }) })
        #expect(outputs.allSatisfy { $0.utf8.count == 16 })
        #expect(Set(outputs).count == inputs.count)
        for (input, output) in zip(inputs, outputs).prefix(1000) {
            #expect(try transformer.reveal(output) == input)
        }
    }
}
