import Testing
import VeilCore
import VeilCrypto

@testable import VeilMasking

/// `ipv4` masks plain dotted quads through ``IPv4PackedAddresses``; its outputs and errors equal the general path's
/// (``IPAddressTransformer/transformGenerally(_:)``), batch for batch.
@Suite("ipv4 packed path")
struct IPv4PackedAddressesTests {
    static func transformer(_ arguments: [String: ParameterValue] = [:], type: String = "text") throws
        -> IPAddressTransformer<IPv4Family>
    {
        try #require(try Fixtures.transformer("ipv4", arguments, type: type) as? IPAddressTransformer<IPv4Family>)
    }

    /// Dotted quads of every kind the fast path reads, edges, prefixes, NULLs and empty strings.
    static func quads(_ count: Int, seed: UInt64) -> [Field] {
        var random = Fixtures.random(seed)
        return (0..<count).map { index -> Field in
            switch index % 23 {
            case 0: return nil
            case 1: return ""
            case 2: return "0.0.0.0"
            case 3: return "255.255.255.255/32"
            case 4: return "10.0.0.1/\(random.next(below: 33))"
            default:
                let address = UInt32(truncatingIfNeeded: random.next()) >> UInt32(random.next(below: 32))
                return IPAddressText.formatIPv4(address)
            }
        }
    }

    @Test("the same outputs as the general path, batch for batch")
    func sameOutputs() throws {
        let transformer = try Self.transformer()
        for seed in 0..<8 {
            BothPaths.expectSame(transformer, Self.quads(4096, seed: 700 + UInt64(seed)), "seed \(seed)")
        }
    }

    @Test(
        "a batch with any other value takes the general path, which names its row",
        arguments: [
            "1.2.3", "01.2.3.4", "1.2.3.4/33", "1.2.3.4/", "256.1.1.1", "1.2.3.4.5", "1.2.3.4 ", "１.2.3.4", "::1",
        ])
    func otherValues(odd: String) throws {
        let transformer = try Self.transformer()
        var values = Self.quads(200, seed: 9)
        values[150] = odd
        BothPaths.expectSame(transformer, values, odd)
        var masked = values
        #expect(throws: MaskingError.self) { try transformer.transform(&masked, related: []) }
    }

    @Test("an address whose encryption is an edge is encrypted again, as in the general path")
    func cycleWalk() throws {
        let transformer = try Self.transformer()
        let cipher = transformer.cipher.nibbleBatcher.cipher
        var walking: [Field] = []
        for edge in [[UInt16](repeating: 0, count: 8), [UInt16](repeating: 0xF, count: 8)] {
            // The address that encrypts to the edge: masking it must walk on.
            let nibbles = try cipher.decrypt(edge, tweak: IPv4PackedAddresses.tweak)
            let address = nibbles.reduce(UInt32(0)) { $0 << 4 | UInt32($1) }
            try #require(address != 0 && address != .max)
            walking.append(IPAddressText.formatIPv4(address))
        }
        BothPaths.expectSame(transformer, walking + Self.quads(50, seed: 3), "walk")
        var masked = walking
        try transformer.transform(&masked, related: [])
        #expect(!masked.contains("0.0.0.0") && !masked.contains("255.255.255.255"))
    }

    @Test("keep_prefix and cidr columns take the general path", arguments: [0, 8])
    func otherSettings(keepPrefix: Int) throws {
        let transformer = try Self.transformer(["keep_prefix": .integer(keepPrefix)], type: "cidr")
        var values: [Field] = ["10.0.0.0/8", "192.168.1.0/24", "1.2.3.4"]
        let original = values
        try transformer.transform(&values, related: [])
        var general = original
        try transformer.transformGenerally(&general)
        #expect(values == general)
    }
}
