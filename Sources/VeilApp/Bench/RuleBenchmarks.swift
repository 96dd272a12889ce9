import Foundation
import VeilMasking

/// `veil bench`'s rule section: every rule the speed targets name, each on one core with inputs of its own
/// format, with the target printed beside the number (values per second, or MB/s of text for `scrub`).
public enum RuleBenchmarks {
    /// One rule to measure: its inputs, its target and how its rate is counted.
    struct Case {
        let rule: String
        var label: String? = nil
        /// The fraction of the `values` count to run (slow rules run fewer values).
        var share = 4
        /// Values per second, or megabytes of input text per second.
        var perByte = false
        let target: Double?
        let makeValue: (Int) -> String
    }

    /// Measures every case (or those of the rules in `only`), in order (best of `rounds`), calling `report` with
    /// each result as it comes.
    public static func run(
        values: Int, rounds: Int = 3, only: Set<String> = [], report: (BenchmarkResult) -> Void
    ) {
        for benchmark in cases where only.isEmpty || only.contains(benchmark.rule) {
            let count = max(4096, values / benchmark.share)
            do {
                var result = try Benchmarks.rule(
                    benchmark.rule, label: benchmark.label, count: count, perByte: benchmark.perByte,
                    rounds: rounds, makeValue: benchmark.makeValue)
                result.target = benchmark.target
                report(result)
            } catch {
                report(BenchmarkResult(name: "rule \(benchmark.rule): cannot run (\(error))", value: 0, unit: ""))
            }
        }
    }

    private static let million = 1_000_000.0

    static var cases: [Case] {
        var cases = [
            Case(rule: "hmac", share: 1, target: 4 * million) { "customer-\($0)@example.com" },
            Case(rule: "fpe", label: "16 digits", share: 1, target: 2.5 * million) {
                String(4_000_000_000_000_000 + $0 * 7919)
            },
            Case(rule: "card", share: 2, target: 2.5 * million) { luhnCard($0) },
            Case(rule: "ssn", share: 2, target: 2.5 * million) { ssn($0) },
            Case(rule: "phone", target: 2.5 * million) { "+1 415 \(1_000_000 + $0 % 9_000_000)" },
            Case(rule: "email", target: 1.5 * million) { "person.\($0)@corp\($0 % 50).example" },
            Case(rule: "email", label: "Cyrillic", share: 16, target: nil) { "иван.петров.\($0)@почта\($0 % 50).рф" },
            Case(rule: "iban", target: 1.5 * million) { "DE89" + String(370_400_440_532_013_000 + $0) },
            Case(rule: "ip", target: 1.5 * million) { "10.\($0 >> 16 & 255).\($0 >> 8 & 255).\($0 & 255)" },
            Case(rule: "uuid", target: 1.5 * million) { uuid($0) },
            // Free text as a support ticket holds it: prose with order numbers, dates and amounts (which are not
            // personal data), and an address or a phone number in one value of four.
            Case(rule: "scrub", label: "prose", share: 4, perByte: true, target: 150) {
                "Order 2024\($0 % 100_000) shipped on 2026-03-14. The customer says the parcel arrived damaged and "
                    + "asks for a refund of 49.90 EUR; the courier's reference is 00\($0 % 977) and the box was left at "
                    + "the door. Please check stock before sending a replacement."
                    + ($0 % 8 == 0
                        ? " Reach me at person\($0)@mail.example."
                        : $0 % 8 == 4 ? " Call +1 415 555 \(1000 + $0 % 9000)." : "")
            },
            // The worst case: every value holds an email address and a phone number, one find per 48 bytes.
            Case(rule: "scrub", label: "dense", share: 16, perByte: true, target: nil) {
                "Customer \($0) wrote from person\($0)@mail.example and asked us to call +1 415 555 \(1000 + $0 % 9000)."
            },
        ]
        for rule in BuiltinRules.all where rule.name.hasPrefix("fake.") {
            cases.append(Case(rule: rule.name, target: 4 * million) { "customer \($0)" })
        }
        return cases
    }

    /// A 16-digit Luhn-valid number.
    static func luhnCard(_ seed: Int) -> String {
        let digits = String((seed * 104_729) % 100_000_000_000_000)
        let body = Array("4" + String(repeating: "0", count: 14 - digits.count) + digits)
        var sum = 0
        for (offset, character) in body.reversed().enumerated() {
            var digit = character.wholeNumberValue!
            if offset % 2 == 0 {
                digit *= 2
                if digit > 9 { digit -= 9 }
            }
            sum += digit
        }
        return String(body) + String((10 - sum % 10) % 10)
    }

    /// An SSN-shaped `AAA-GG-SSSS` with a valid area (001–665).
    static func ssn(_ seed: Int) -> String {
        let area = 1 + seed % 665
        let group = 1 + (seed / 665) % 99
        let serial = 1 + (seed * 7919) % 9999
        return pad(area, 3) + "-" + pad(group, 2) + "-" + pad(serial, 4)
    }

    /// A version-4-shaped UUID in lower-case hex.
    static func uuid(_ seed: Int) -> String {
        let high = UInt64(truncatingIfNeeded: seed) &* 0x9E37_79B9_7F4A_7C15
        let low = UInt64(truncatingIfNeeded: seed) &+ 0x0123_4567_89AB_CDEF
        var hex = Array(hexDigits(high) + hexDigits(low))
        hex[12] = "4"
        hex[16] = "8"
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(hex[$0]) }.joined(separator: "-")
    }

    private static func hexDigits(_ value: UInt64) -> String {
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
