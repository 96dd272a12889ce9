import Testing
import VeilCore

@testable import VeilMasking

/// `uuid` masks through ``UUIDPackedValues``; its outputs and errors equal the general path's
/// (``UUIDTransformer/transformGenerally(_:)``), batch for batch.
@Suite("uuid packed path")
struct UUIDPackedValuesTests {
    /// UUIDs of every version, variant and form (mixed case too), with NULLs and empty strings among them.
    static func values(_ count: Int, seed: UInt64) -> [Field] {
        var random = Fixtures.random(seed)
        let uuids = UUIDRuleTests.uuids(count: count, seed: seed)
        return uuids.enumerated().map { index, uuid -> Field in
            switch index % 29 {
            case 0: return nil
            case 1: return ""
            case 2:
                // Mixed case: the output is lower case, as in the general path.
                return String(
                    uuid.enumerated().map { $0.offset % 3 == 0 ? Character($0.element.uppercased()) : $0.element })
            default: return random.chance(1, in: 50) ? uuid.uppercased() : uuid
            }
        }
    }

    @Test("the same outputs as the general path, batch for batch", arguments: ["uuid", "text"])
    func sameOutputs(type: String) throws {
        let transformer = try UUIDRuleTests.transformer(type: type)
        for seed in 0..<6 {
            BothPaths.expectSame(transformer, Self.values(4096, seed: 300 + UInt64(seed)), "seed \(seed)")
        }
    }

    @Test(
        "a batch with any other value takes the general path, which names its row",
        arguments: [
            "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1g",
            "{a0eebc999c0b4ef8bb6d6bb9bd380a11",
            "a0eebc99+9c0b-4ef8-bb6d-6bb9bd380a11", "ａ0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
        ])
    func otherValues(odd: String) throws {
        let transformer = try UUIDRuleTests.transformer(type: "text")
        var values = Self.values(300, seed: 5)
        values[222] = odd
        BothPaths.expectSame(transformer, values, odd)
        var masked = values
        #expect(throws: MaskingError(rowIndex: 222, reason: UUIDText.reason)) {
            try transformer.transform(&masked, related: [])
        }
    }
}
