import VeilCrypto

/// Random tokens in a value's own format: every ASCII digit becomes a random digit, every ASCII lower-case letter a
/// random lower-case letter, every upper-case letter a random upper-case letter; everything else (separators,
/// punctuation, spaces, other scripts) stays in place. So `4111-1111-1111-1111` gives `8302-5519-0046-7731` and
/// `jane.doe@example.com` gives `qmwo.pxk@zbriwvm.tpu`: same length, same alphabet per position.
public enum TokenFormat {
    /// How many different tokens the format of `value` allows (saturating at `UInt64.max`); 1 when nothing in it
    /// can change.
    public static func capacity(of value: String) -> UInt64 {
        var total: UInt64 = 1
        for byte in value.utf8 {
            let size: UInt64 =
                switch byte {
                case 0x30...0x39: 10
                case 0x61...0x7A, 0x41...0x5A: 26
                default: 1
                }
            let (product, overflow) = total.multipliedReportingOverflow(by: size)
            total = overflow ? .max : product
        }
        return total
    }

    /// A fresh random token in the format of `value`, drawn from the CSPRNG.
    public static func randomToken(like value: String) -> String {
        var bytes = Array(value.utf8)
        var random = SecureRandom.bytes(count: bytes.count * 2)
        defer { for index in random.indices { random[index] = 0 } }
        var cursor = 0
        func uniform(_ bound: UInt16) -> UInt8 {
            // Rejection sampling over 16-bit draws: no modulo bias.
            let limit = UInt16.max - UInt16.max % bound
            while true {
                if cursor + 1 >= random.count {
                    random = SecureRandom.bytes(count: 64)
                    cursor = 0
                }
                let draw = UInt16(random[cursor]) << 8 | UInt16(random[cursor + 1])
                cursor += 2
                if draw < limit { return UInt8(draw % bound) }
            }
        }
        for index in bytes.indices {
            switch bytes[index] {
            case 0x30...0x39: bytes[index] = 0x30 + uniform(10)
            case 0x61...0x7A: bytes[index] = 0x61 + uniform(26)
            case 0x41...0x5A: bytes[index] = 0x41 + uniform(26)
            default: break
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
