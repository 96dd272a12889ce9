import Foundation

/// Planted personal data: every value is made from the seed and a counter, so it is unique to one seed and can be
/// searched for in every output, report, manifest and log. Each one made is remembered in `planted`.
struct TortureCanaries {
    let seed: UInt64
    private(set) var planted: [String] = []
    private var counter = 0

    init(seed: UInt64) { self.seed = seed }

    /// A number unique to this seed and call, mixed so neighbouring calls differ in every digit.
    private mutating func mix() -> UInt64 {
        counter += 1
        var value = seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(counter) &* 0xBF58_476D_1CE4_E5B9
        value ^= value >> 29
        value = value &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 32)
    }

    private static func letters(_ value: UInt64, from alphabet: [String], count: Int) -> String {
        var value = value
        var out = ""
        for _ in 0..<count {
            out += alphabet[Int(value % UInt64(alphabet.count))]
            value /= UInt64(alphabet.count)
        }
        return out
    }

    private static let latin = "abcdefghijklmnopqrstuvwxyz".map(String.init)
    private static let cyrillic = "абвгдежзиклмнопрстуфхцчшщэюя".map(String.init)
    private static let cjk = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘".map(String.init)

    private mutating func remember(_ value: String) -> String {
        planted.append(value)
        return value
    }

    /// `tc<seed>.<letters>@<letters>-mail.example`: the seed itself is in every address.
    mutating func email() -> String {
        let value = mix()
        let local = Self.letters(value, from: Self.latin, count: 6)
        let host = Self.letters(value >> 32, from: Self.latin, count: 5)
        return remember("tc\(seed).\(local)@\(host)-mail.example")
    }

    /// A North American number, `+1 415 NNN NNNN`.
    mutating func phone() -> String {
        let value = mix()
        return remember("+1 415 \(200 + value % 800) \(1000 + (value >> 20) % 9000)")
    }

    /// A 16-digit card number starting with 4 that passes the Luhn check.
    mutating func card() -> String {
        var value = mix()
        var digits = [4]
        for _ in 0..<14 {
            digits.append(Int(value % 10))
            value /= 10
        }
        var sum = 0
        for (index, digit) in digits.reversed().enumerated() {
            let doubled = index % 2 == 0 ? digit * 2 : digit
            sum += doubled > 9 ? doubled - 9 : doubled
        }
        digits.append((10 - sum % 10) % 10)
        return remember(digits.map(String.init).joined())
    }

    /// A person's name in Latin, Cyrillic or CJK script (`script` 0, 1, 2); the surname is made from the seed.
    mutating func name(script: Int) -> String {
        let value = mix()
        switch script % 3 {
        case 0:
            let first = ["Anna", "Björn", "Chloé", "Dario", "Eamon"][Int(value % 5)]
            return remember(first + " " + Self.letters(value >> 8, from: Self.latin, count: 8).capitalized)
        case 1:
            let first = ["Анна", "Борис", "Вера", "Глеб", "Дарья"][Int(value % 5)]
            return remember(first + " " + Self.letters(value >> 8, from: Self.cyrillic, count: 8).capitalized)
        default:
            return remember(Self.letters(value, from: Self.cjk, count: 4))
        }
    }
}
