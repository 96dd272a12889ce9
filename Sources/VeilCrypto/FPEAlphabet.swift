/// The characters of a format-preserving encryption domain, in order: character `i` is numeral `i`.
///
/// Converts strings to FF1/FF3-1 numerals and back. An alphabet of ASCII characters uses a lookup table and
/// works on UTF-8 bytes; others work on `Character`s.
public struct FPEAlphabet: Sendable, Hashable {
    /// The characters, numeral order.
    public let characters: [Character]
    private let asciiTable: [Int16]?
    private let lookup: [Character: UInt16]

    /// Creates an alphabet.
    /// - Parameter characters: 2...65536 distinct characters.
    /// - Throws: `invalidAlphabet` for repeated characters or a size outside 2...65536.
    public init(_ characters: String) throws(CryptoError) {
        let list = Array(characters)
        guard list.count >= 2, list.count <= 65536 else {
            throw CryptoError(.invalidAlphabet, "an alphabet has 2 to 65536 characters")
        }
        var lookup: [Character: UInt16] = [:]
        for (index, character) in list.enumerated() {
            guard lookup.updateValue(UInt16(truncatingIfNeeded: index), forKey: character) == nil else {
                throw CryptoError(.invalidAlphabet, "an alphabet's characters must be distinct")
            }
        }
        self.characters = list
        self.lookup = lookup
        if list.allSatisfy({ $0.isASCII && $0.utf8.count == 1 }) {
            var table = [Int16](repeating: -1, count: 128)
            for (index, character) in list.enumerated() { table[Int(character.asciiValue!)] = Int16(index) }
            asciiTable = table
        } else {
            asciiTable = nil
        }
    }

    /// `0-9`.
    public static let digits = try! FPEAlphabet("0123456789")
    /// `a-z`.
    public static let lowercase = try! FPEAlphabet("abcdefghijklmnopqrstuvwxyz")
    /// `A-Z`.
    public static let uppercase = try! FPEAlphabet("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    /// `A-Za-z`.
    public static let letters = try! FPEAlphabet("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    /// `0-9A-Za-z`.
    public static let alphanumeric = try! FPEAlphabet(
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    /// The number of characters: the FF1 radix.
    public var radix: Int { characters.count }

    /// The numeral of `character`, or nil when it is not in the alphabet.
    public func numeral(for character: Character) -> UInt16? { lookup[character] }

    /// Whether every character of `string` is in the alphabet.
    public func contains(allOf string: String) -> Bool { (try? numerals(string)) != nil }

    /// The numerals of `string`.
    /// - Throws: `invalidNumeral` when a character is not in the alphabet (the character is not reported).
    public func numerals(_ string: String) throws(CryptoError) -> [UInt16] {
        if let asciiTable {
            var result: [UInt16] = []
            result.reserveCapacity(string.utf8.count)
            for byte in string.utf8 {
                guard byte < 128, case let value = asciiTable[Int(byte)], value >= 0 else {
                    throw CryptoError(.invalidNumeral, "a character is not in the alphabet")
                }
                result.append(UInt16(value))
            }
            return result
        }
        var result: [UInt16] = []
        for character in string {
            guard let value = lookup[character] else {
                throw CryptoError(.invalidNumeral, "a character is not in the alphabet")
            }
            result.append(value)
        }
        return result
    }

    /// The string of `numerals`; every numeral must be below ``radix``.
    public func string(_ numerals: [UInt16]) -> String {
        if asciiTable != nil {
            let bytes = numerals.map { numeral -> UInt8 in
                precondition(Int(numeral) < characters.count, "numeral out of the alphabet's range")
                return characters[Int(numeral)].asciiValue!
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        var result = ""
        for numeral in numerals {
            precondition(Int(numeral) < characters.count, "numeral out of the alphabet's range")
            result.append(characters[Int(numeral)])
        }
        return result
    }

    public static func == (lhs: FPEAlphabet, rhs: FPEAlphabet) -> Bool { lhs.characters == rhs.characters }
    public func hash(into hasher: inout Hasher) { hasher.combine(characters) }
}
