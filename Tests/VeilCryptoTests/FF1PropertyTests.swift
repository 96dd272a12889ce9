import Testing
import VeilTestSupport

@testable import VeilCrypto

/// Property tests of FF1: round trips, format preservation, key sensitivity, batch equals single, limits.
@Suite("FF1 properties")
struct FF1PropertyTests {
    /// (radix, lengths): small and large radices, 64-bit and arbitrary-precision lengths.
    static let shapes: [(radix: Int, lengths: [Int])] = [
        (10, [6, 7, 9, 16, 19, 20, 38, 39, 40, 100]),
        (2, [20, 21, 63, 64, 65, 130]),
        (26, [5, 13, 27, 28, 60]),
        (36, [4, 12, 25, 26, 51]),
        (62, [4, 10, 21, 22]),
        (256, [3, 8, 16, 17]),
        (65535, [2, 3, 4, 5, 9]),
        (65536, [2, 3, 4, 5, 8]),
    ]

    @Test("decrypt(encrypt(x)) == x, length and numeral range kept", arguments: [16, 24, 32])
    func roundTrip(keySize: Int) throws {
        var generator = SeededGenerator(seed: UInt64(keySize))
        let key = SecureBytes((0..<keySize).map { _ in UInt8.random(in: 0...255, using: &generator) })
        var checked = 0
        for shape in Self.shapes {
            let cipher = try FF1(key: key, radix: shape.radix)
            for length in shape.lengths {
                for trial in 0..<60 {
                    let tweak = (0..<(trial % 20)).map { _ in UInt8.random(in: 0...255, using: &generator) }
                    let plaintext = randomNumerals(count: length, radix: shape.radix, using: &generator)
                    let ciphertext = try cipher.encrypt(plaintext, tweak: tweak)
                    #expect(ciphertext.count == length)
                    #expect(ciphertext.allSatisfy { Int($0) < shape.radix })
                    #expect(try cipher.decrypt(ciphertext, tweak: tweak) == plaintext)
                    checked += 1
                }
            }
        }
        #expect(checked > 2000)
    }

    /// The 64-bit lockstep path and the BIGNUM path must agree wherever both apply, including the edges
    /// where `radix^v` just fits in 64 bits (b = 8, d = 12) or 32 bits.
    @Test(
        "the 64-bit and 128-bit paths equal the arbitrary-precision path",
        arguments: [2, 10, 16, 36, 62, 85, 255, 256, 65535, 65536])
    func fastEqualsWide(radix: Int) throws {
        var generator = SeededGenerator(seed: UInt64(radix) &* 31)
        let worker = try FF1Worker(key: .random(count: 24), radix: radix)
        let minimum = try FF1(key: .random(count: 16), radix: radix).minimumLength
        var compared = 0
        var mediumCompared = 0
        for length in minimum...140 {
            for tweak in [[], Array(repeating: UInt8(length), count: length % 23)] as [[UInt8]] {
                let plan = worker.plan(length: length, tweak: tweak)
                guard plan.fast != nil || plan.medium != nil else { continue }
                if plan.medium != nil { mediumCompared += 1 }
                for _ in 0..<3 {
                    let value = randomNumerals(count: length, radix: radix, using: &generator)
                    for decrypting in [false, true] {
                        let fast = worker.single(plan, value, decrypting: decrypting)
                        let wide = [UInt16](unsafeUninitializedCapacity: length) { buffer, initialized in
                            value.withUnsafeBufferPointer {
                                FF1Rounds.wide(
                                    plan, cipher: worker.cipher, numerals: $0, output: buffer,
                                    decrypting: decrypting)
                            }
                            initialized = length
                        }
                        #expect(fast == wide, "radix \(radix) length \(length)")
                        compared += 1
                    }
                }
            }
        }
        #expect(compared > 20)
        // Every radix has lengths whose halves need 65 to 96 bits: the 128-bit path.
        #expect(mediumCompared > 0, "radix \(radix)")
    }

    @Test("long values take the arbitrary-precision path and round-trip")
    func longValues() throws {
        var generator = SeededGenerator(seed: 5)
        for (radix, length) in [(10, 2000), (62, 700), (65536, 301)] {
            let cipher = try FF1(key: .random(count: 32), radix: radix)
            let value = randomNumerals(count: length, radix: radix, using: &generator)
            let encrypted = try cipher.encrypt(value, tweak: [7, 7])
            #expect(encrypted.count == length && encrypted != value)
            #expect(try cipher.decrypt(encrypted, tweak: [7, 7]) == value)
            #expect(try cipher.encrypt(batch: [value, Array(value.prefix(20))], tweak: [7, 7])[0] == encrypted)
        }
    }

    @Test("thousands of 16-digit values round-trip through the batch path")
    func batchRoundTrip() throws {
        var generator = SeededGenerator(seed: 7)
        let cipher = try FF1(key: .random(count: 32), radix: 10)
        let values = (0..<5000).map { _ in randomNumerals(count: 16, radix: 10, using: &generator) }
        let encrypted = try cipher.encrypt(batch: values, tweak: Array("customers.card".utf8))
        #expect(encrypted.count == values.count)
        #expect(try cipher.decrypt(batch: encrypted, tweak: Array("customers.card".utf8)) == values)
        // A permutation: distinct inputs give distinct outputs.
        #expect(Set(encrypted).count == Set(values).count)
    }

    @Test("the batch path equals the single path, for mixed lengths", arguments: shapes.map(\.radix))
    func batchEqualsSingle(radix: Int) throws {
        var generator = SeededGenerator(seed: UInt64(radix))
        let cipher = try FF1(key: .random(count: 32), radix: radix)
        let lengths = Self.shapes.first { $0.radix == radix }!.lengths
        let values = (0..<300).map { index in
            randomNumerals(count: lengths[index % lengths.count], radix: radix, using: &generator)
        }
        for tweak in [[], [1, 2, 3], Array(repeating: UInt8(9), count: 40)] as [[UInt8]] {
            let batch = try cipher.encrypt(batch: values, tweak: tweak)
            let single = try values.map { (value) throws(CryptoError) in try cipher.encrypt(value, tweak: tweak) }
            #expect(batch == single)
            #expect(try cipher.decrypt(batch: batch, tweak: tweak) == values)
        }
        #expect(try cipher.encrypt(batch: [], tweak: []) == [])
    }

    @Test("the packed in-place path equals the single path, and decrypts back", arguments: shapes.map(\.radix))
    func packedEqualsSingle(radix: Int) throws {
        var generator = SeededGenerator(seed: UInt64(radix) &+ 7)
        let cipher = try FF1(key: .random(count: 32), radix: radix)
        for length in Self.shapes.first(where: { $0.radix == radix })!.lengths {
            let values = (0..<40).map { _ in randomNumerals(count: length, radix: radix, using: &generator) }
            for tweak in [[], [1, 2, 3]] as [[UInt8]] {
                var packed = values.flatMap { $0 }
                try cipher.packed(&packed, length: length, tweak: tweak)
                let single = try values.map { (value) throws(CryptoError) in try cipher.encrypt(value, tweak: tweak) }
                #expect(packed == single.flatMap { $0 }, "radix \(radix), length \(length)")
                try cipher.packed(&packed, length: length, tweak: tweak, decrypting: true)
                #expect(packed == values.flatMap { $0 }, "radix \(radix), length \(length)")
            }
        }
    }

    @Test("the packed path refuses a bad length, a partial value or a numeral beyond the radix, changing nothing")
    func packedRefusals() throws {
        let cipher = try FF1(key: .random(count: 16), radix: 10)
        let original: [UInt16] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2]
        for (length, numerals, code) in [
            (5, original, CryptoError.Code.invalidLength),  // 12 numerals are not whole values of 5
            (4, Array(original.prefix(8)), .invalidLength),  // 10^4 is below the domain bound
            (6, original.enumerated().map { $0.offset == 9 ? 10 : $0.element }, .invalidNumeral),
        ] {
            var packed = numerals
            do {
                try cipher.packed(&packed, length: length)
                Issue.record("\(code) was not raised")
            } catch {
                #expect(error.code == code)
            }
            #expect(packed == numerals)
        }
        var empty: [UInt16] = []
        try cipher.packed(&empty, length: 6)
    }

    @Test("a batch larger than one lockstep chunk equals the single path, as arrays and packed")
    func largeBatch() throws {
        var generator = SeededGenerator(seed: 99)
        let cipher = try FF1(key: .random(count: 16), radix: 10)
        let values = (0..<(FF1Worker.chunkSize * 2 + 17)).map { _ in
            randomNumerals(count: 12, radix: 10, using: &generator)
        }
        let batch = try cipher.encrypt(batch: values, tweak: [0x78, 0, 0])
        var packed = values.flatMap { $0 }
        try cipher.packed(&packed, length: 12, tweak: [0x78, 0, 0])
        for index in stride(from: 0, to: values.count, by: 97) {
            #expect(try cipher.encrypt(values[index], tweak: [0x78, 0, 0]) == batch[index])
            #expect(batch[index] == Array(packed[index * 12..<(index + 1) * 12]))
        }
    }

    @Test("another key, or another tweak, gives another ciphertext")
    func keyAndTweakSensitivity() throws {
        var generator = SeededGenerator(seed: 3)
        let first = try FF1(key: .random(count: 32), radix: 10)
        let second = try FF1(key: .random(count: 32), radix: 10)
        var sameUnderKeys = 0
        var sameUnderTweaks = 0
        for _ in 0..<1000 {
            let value = randomNumerals(count: 16, radix: 10, using: &generator)
            if try first.encrypt(value) == second.encrypt(value) { sameUnderKeys += 1 }
            if try first.encrypt(value, tweak: [1]) == first.encrypt(value, tweak: [2]) { sameUnderTweaks += 1 }
        }
        // Each equality has probability 10^-16.
        #expect(sameUnderKeys == 0)
        #expect(sameUnderTweaks == 0)
    }

    @Test("the same key gives the same ciphertext from separate instances")
    func deterministic() throws {
        let key = SecureBytes.random(count: 32)
        let value: [UInt16] = [4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
        #expect(try FF1(key: key, radix: 10).encrypt(value) == FF1(key: key, radix: 10).encrypt(value))
    }

    @Test("limits: key size, radix, domain size, numerals")
    func limits() throws {
        for size in [0, 8, 15, 20, 31, 33, 40] {
            #expect(throws: CryptoError.invalidKeySize) { try FF1(key: .random(count: size), radix: 10) }
        }
        for radix in [-1, 0, 1, 65537] {
            #expect(throws: CryptoError.invalidRadix) { try FF1(key: .random(count: 16), radix: radix) }
        }
        let decimal = try FF1(key: .random(count: 16), radix: 10)
        #expect(decimal.minimumLength == 6)
        #expect(try FF1(key: .random(count: 16), radix: 2).minimumLength == 20)
        #expect(try FF1(key: .random(count: 16), radix: 65536).minimumLength == 2)
        #expect(throws: CryptoError.invalidLength) { try decimal.encrypt([1, 2, 3, 4, 5]) }
        #expect(throws: CryptoError.invalidLength) { try decimal.decrypt([]) }
        #expect(throws: CryptoError.invalidLength) { try decimal.encrypt(batch: [[1, 2, 3, 4, 5, 6], [1]]) }
        #expect(throws: CryptoError.invalidLength) {
            try decimal.encrypt(Array(repeating: 1, count: FF1.maximumLength + 1))
        }
        #expect(throws: CryptoError.invalidNumeral) { try decimal.encrypt([1, 2, 3, 4, 5, 10]) }
        #expect(throws: CryptoError.invalidNumeral) { try decimal.validatedNumerals([1, 2, -1]) }
        #expect(try decimal.validatedNumerals([0, 9]) == [0, 9])
    }

    @Test("one FF1 value is safe to use from many tasks at once")
    func concurrentUse() async throws {
        let cipher = try FF1(key: .random(count: 32), radix: 10)
        var generator = SeededGenerator(seed: 11)
        let values = (0..<200).map { _ in randomNumerals(count: 16, radix: 10, using: &generator) }
        let expected = try cipher.encrypt(batch: values)
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for task in 0..<8 {
                group.addTask {
                    if task.isMultiple(of: 2) { return try cipher.encrypt(batch: values) == expected }
                    return try values.map { (value) throws(CryptoError) in try cipher.encrypt(value) } == expected
                }
            }
            for try await same in group { #expect(same) }
        }
    }
}
