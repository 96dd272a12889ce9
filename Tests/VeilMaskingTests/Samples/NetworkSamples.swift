@testable import VeilMasking

/// Sample inputs for email, phone, ipv4, ipv6 and their fake.* counterparts, used by the catalogue contract tests.
enum NetworkSamples {
    /// `count` distinct inputs that suit `rule`, or `nil` when the rule is not one of this family's.
    static func samples(for rule: String, count: Int) -> [String]? {
        switch rule {
        case "email": emails(count, seed: 501)
        case "phone": phones(count, seed: 502)
        case "ipv4", "fake.ipv4": ipv4s(count, seed: 503)
        case "ipv6", "fake.ipv6": ipv6s(count, seed: 504)
        case "fake.mac": macs(count, seed: 505)
        case "ip": zip(ipv4s(count, seed: 506), ipv6s(count, seed: 507)).enumerated().map { $0 % 2 == 0 ? $1.0 : $1.1 }
        default: nil
        }
    }

    static let domains = [
        "gmail.com", "yahoo.co.uk", "acme-corp.com", "mail.example.org", "web.de", "qq.com", "outlook.fr",
        "university.edu",
    ]

    /// A realistic local part: `first.last`, `first_last`, `flast42`, `First.Last+tag`...
    static func localPart(_ random: inout SeededRandom) -> String {
        let first = random.pick(WordLists.firstNamesForEmail)
        let last = random.pick(WordLists.lastNamesForEmail)
        var local: String
        switch random.next(below: 6) {
        case 0: local = "\(first).\(last)"
        case 1: local = "\(first)_\(last)"
        case 2: local = "\(first.prefix(1))\(last)\(random.next(below: 100))"
        case 3: local = "\(first.capitalized).\(last.capitalized)"
        case 4: local = "\(first)+\(random.pick(["news", "shop", "x1"]))"
        default: local = "\(first)-\(last)\(random.next(below: 10_000))"
        }
        return local
    }

    static func emails(_ count: Int, seed: UInt64) -> [String] {
        Fixtures.distinct(count, seed: seed) { random in
            let address = localPart(&random) + "@" + random.pick(domains)
            return random.next(below: 20) == 0 ? address.uppercased() : address
        }
    }

    /// Phone numbers in E.164, North American, UK, French and dotted layouts.
    static func phones(_ count: Int, seed: UInt64) -> [String] {
        Fixtures.distinct(count, seed: seed) { random in
            func d(_ n: Int) -> String { Fixtures.digits(n, &random) }
            // A North American area code or exchange starts with 2-9.
            func nxx() -> String { String(2 + random.next(below: 8)) + Fixtures.digits(2, &random) }
            switch random.next(below: 7) {
            case 0: return "+1\(nxx())\(nxx())\(d(4))"
            case 1: return "(\(nxx())) \(nxx())-\(d(4))"
            case 2: return "020 \(d(4)) \(d(4))"
            case 3: return "+44 20 \(d(4)) \(d(4))"
            case 4: return "\(nxx()).\(nxx()).\(d(4))"
            case 5: return "+33 6 \(d(2)) \(d(2)) \(d(2)) \(d(2))"
            default: return "+353 \(d(2)) \(d(3)) \(d(4))"
            }
        }
    }

    static func ipv4s(_ count: Int, seed: UInt64) -> [String] {
        Fixtures.distinct(count, seed: seed) { random in
            let address = IPAddressText.formatIPv4(UInt32(truncatingIfNeeded: random.next()))
            return random.next(below: 5) == 0 ? address + "/\(random.next(below: 33))" : address
        }
    }

    /// IPv6 addresses in several spellings: full, compressed, upper case, IPv4-mapped.
    static func ipv6s(_ count: Int, seed: UInt64) -> [String] {
        Fixtures.distinct(count, seed: seed) { random in
            var groups = (0..<8).map { _ in UInt16(truncatingIfNeeded: random.next()) }
            switch random.next(below: 5) {
            case 0:
                return groups.map { hex in
                    let text = String(hex, radix: 16)
                    return String(repeating: "0", count: 4 - text.count) + text
                }.joined(separator: ":")
            case 1:
                groups[2...5] = [0, 0, 0, 0]
                return IPAddressText.formatIPv6(groups)
            case 2:
                return IPAddressText.formatIPv6(groups).uppercased()
            case 3:
                return "::ffff:" + IPAddressText.formatIPv4(UInt32(truncatingIfNeeded: random.next()))
            default:
                return IPAddressText.formatIPv6(groups) + (random.chance(1, in: 3) ? "/64" : "")
            }
        }
    }

    static func macs(_ count: Int, seed: UInt64) -> [String] {
        Fixtures.distinct(count, seed: seed) { random in
            let hex = (0..<6).map { _ in
                let text = String(random.next(below: 256), radix: 16)
                return text.count == 1 ? "0" + text : text
            }
            switch random.next(below: 3) {
            case 0: return hex.joined(separator: ":")
            case 1: return hex.joined(separator: "-").uppercased()
            default: return hex.joined()
            }
        }
    }
}
