import Testing

@testable import VeilMasking

/// The frozen table of letter classes `email` (encoding 2) encrypts within, and the mixed-radix numbers it builds.
@Suite("letter classes")
struct LetterClassTests {
    @Test func everyMemberIsFoundAgainAndBelongsToOneClass() {
        var seen: Set<UInt32> = []
        var members = 0
        for (classIndex, letterClass) in LetterClass.all.enumerated() {
            #expect(letterClass.id == classIndex + 1)
            for index in 0..<letterClass.count {
                for upper in letterClass.isCased ? [false, true] : [false] {
                    let scalar = letterClass.scalar(index, upper: upper)
                    #expect(seen.insert(scalar).inserted, "U+\(String(scalar, radix: 16)) is in two places")
                    let member = LetterClass.member(scalar)
                    #expect(member == LetterClass.Member(classIndex: classIndex, index: index, isUpper: upper))
                    members += 1
                }
            }
        }
        // Unicode 14.0.0 assigns 132,354 letters and decimal digits outside ASCII (private use aside).
        #expect(LetterClass.all.reduce(0) { $0 + $1.count * ($1.isCased ? 2 : 1) } == members)
        #expect(members == 132_354)
        #expect(LetterClass.all.count == 366)
    }

    @Test func membersAreLettersOrDigitsAndPairsAreCasePairs() {
        for letterClass in LetterClass.all {
            for index in 0..<letterClass.count {
                let scalar = Unicode.Scalar(letterClass.scalar(index, upper: false))!
                let properties = scalar.properties
                #expect(properties.isAlphabetic || properties.numericType == .decimal, "\(scalar)")
                guard letterClass.isCased else { continue }
                let upper = Unicode.Scalar(letterClass.scalar(index, upper: true))!
                #expect(properties.isLowercase && upper.properties.isUppercase, "\(scalar) \(upper)")
                // Turkish ı and İ are paired by hand; every other pair is Unicode's own.
                if scalar != "ı" { #expect(String(scalar).uppercased() == String(upper), "\(scalar)") }
            }
        }
    }

    @Test(
        "scripts stay among themselves",
        arguments: [
            ("ж", "Cyrillic a-ya", 32), ("Ж", "Cyrillic a-ya", 32), ("ё", "Cyrillic io and others", 16),
            ("é", "Latin letters with diacritics", 93), ("ı", "Latin letters with diacritics", 93),
            ("ß", "Latin letters with diacritics", 4), ("λ", "Greek", 33), ("中", "CJK Unified Ideographs", 20992),
            ("한", "Hangul Syllables", 11172), ("٣", "Arabic", 10), ("ي", "Arabic", 150),
        ])
    func classes(character: String, region: String, size: Int) throws {
        let member = try #require(LetterClass.member(character.unicodeScalars.first!.value))
        #expect(LetterClass.all[member.classIndex].region == region)
        #expect(LetterClass.all[member.classIndex].count == size)
    }

    @Test func asciiAndMarksAreInNoClass() {
        for scalar: UInt32 in [0x41, 0x7A, 0x30, 0x301, 0x2192, 0xA0, 0x1F600, 0xE000] {
            #expect(LetterClass.member(scalar) == nil)
        }
    }

    @Test func mixedRadixNumbersRoundTrip() {
        var random = Fixtures.random(141)
        for _ in 0..<500 {
            let radices = (0..<(1 + random.next(below: 40))).map { _ in
                random.pick([1, 2, 10, 32, 36, 48, 20992, 42720])
            }
            let digits = radices.map { UInt16(random.next(below: $0)) }
            let number = MixedRadixNumber(digits: digits, radices: radices)
            let size = MixedRadixNumber(product: radices)
            #expect(number < size)
            #expect(number.digits(radices: radices) == digits)
            let bits = number.bits(count: size.bitWidth)
            #expect(MixedRadixNumber(bits: bits) == number)
        }
        #expect(MixedRadixNumber(product: [10, 10, 10, 10, 10, 10]).isAtLeast(1_000_000))
        #expect(!MixedRadixNumber(product: [10, 10, 10, 10, 10, 9]).isAtLeast(1_000_000))
        #expect(MixedRadixNumber(product: [32, 32, 32, 32]).bitWidth == 21)
    }
}
