import Foundation

/// Locates and decodes the vendored test vectors in `Tests/VeilCryptoTests/Vectors` (see its README).
enum TestVectors {
    /// The `Vectors` folder, found from this file's path so no bundle resources are needed.
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // VeilCryptoTests
        .appendingPathComponent("Vectors")

    /// Decodes `relativePath` (for example `wycheproof/hmac_sha256_test.json`) as `T`.
    static func load<T: Decodable>(_ type: T.Type, _ relativePath: String) throws -> T {
        let data = try Data(contentsOf: directory.appendingPathComponent(relativePath))
        return try JSONDecoder().decode(T.self, from: data)
    }

    /// The FF1 Wycheproof files, list (`radix`) and string (`base`) forms.
    static var ff1Files: [String] {
        let names =
            (try? FileManager.default.contentsOfDirectory(
                atPath: directory.appendingPathComponent("wycheproof").path)) ?? []
        return names.filter { $0.hasPrefix("aes_ff1_") && $0.hasSuffix(".json") }.sorted()
    }
}

/// Hexadecimal decoding for vectors.
func hexBytes(_ text: String) -> [UInt8] {
    let digits = Array(text.utf8)
    precondition(digits.count % 2 == 0, "odd-length hex")
    func value(_ digit: UInt8) -> UInt8 {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: preconditionFailure("not a hex digit")
        }
    }
    return stride(from: 0, to: digits.count, by: 2).map { value(digits[$0]) << 4 | value(digits[$0 + 1]) }
}

/// Random numerals below `radix`, for property tests (not cryptographic).
func randomNumerals<G: RandomNumberGenerator>(count: Int, radix: Int, using generator: inout G) -> [UInt16] {
    (0..<count).map { _ in UInt16(Int.random(in: 0..<radix, using: &generator)) }
}
