/// A name or word from a profile as a message may repeat it: at most ``limit`` characters, the rest cut to `…`, and
/// control characters escaped (`\n`, `\t`, `\u{1B}`), so a key pasted by mistake (a megabyte of text, a terminal
/// escape sequence) neither floods nor rewrites the terminal that shows the error.
public enum EchoedText {
    /// Characters kept before the cut.
    public static let limit = 64

    /// `text` cut to ``limit`` characters (then `…`) with its control characters escaped.
    public static func echo(_ text: String) -> String {
        var result = ""
        var count = 0
        for character in text {
            if count == limit {
                result += "…"
                break
            }
            result += escaped(character)
            count += 1
        }
        return result
    }

    /// A character as printed: itself, or an escape when it holds a control or format character (a tab, a
    /// line break, an escape, a right-to-left override).
    private static func escaped(_ character: Character) -> String {
        let scalars = character.unicodeScalars
        guard scalars.contains(where: isControl) else { return String(character) }
        return scalars.map { scalar -> String in
            switch scalar {
            case "\n": return "\\n"
            case "\r": return "\\r"
            case "\t": return "\\t"
            case _ where isControl(scalar): return "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: return String(scalar)
            }
        }.joined()
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }
}
