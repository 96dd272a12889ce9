// The passthrough property the `dump` and `archive` targets share: text the reader passes through holds only
// what pg_dump writes.

@testable import VeilConnectors

/// Reads passed-through text again and checks that every unit is one pg_dump writes.
enum PassthroughCheck {
    /// The first words of the statements pg_dump (and Veil's sequence catch-up) write.
    static let statementWords: Set<String> = [
        "set", "reset", "select", "create", "alter", "comment", "grant", "revoke", "security", "begin", "start",
        "commit", "end", "drop", "refresh", "do", "insert",
    ]
    static let metaCommands: Set<String> = ["\\connect", "\\restrict", "\\unrestrict"]

    static func check(_ text: [UInt8]) {
        let window = ByteWindow()
        text.withUnsafeBytes { window.append($0) }
        window.finishInput()
        let scanner = DumpScanner(window: window)
        while true {
            let unit: DumpScanner.Unit?
            do {
                unit = try scanner.next()
            } catch {
                fuzzRequire(false, "the passthrough text does not read as a dump again: \(error)")
                return
            }
            guard let unit else { return }
            let bytes = Array(scanner.unitBytes)
            switch unit.kind {
            case .blank, .comment:
                break
            case .metaCommand:
                fuzzRequire(
                    metaCommands.contains(firstWord(bytes)), "a passed-through meta-command pg_dump does not write")
            case .statement(let kind):
                let word = firstWord(bytes).lowercased()
                fuzzRequire(statementWords.contains(word), "a passed-through statement starts with an unknown word")
                fuzzRequire(kind != .unknown, "a passed-through statement the classifier does not know")
                fuzzRequire(kind != .copyFromStdin, "a COPY statement passed through")
                fuzzRequire(kind != .insert, "an INSERT with values passed through")
                let tokens = SQLTokenizer.tokens(
                    scanner.unitBytes, standardConformingStrings: scanner.session.standardConformingStrings)
                fuzzRequire(
                    !tokens.contains {
                        if case .symbol(let byte) = $0.kind { byte < 0x20 || byte == 0x7F } else { false }
                    },
                    "a passed-through statement holds a control character outside quotes")
                if word == "insert" {
                    fuzzRequire(endsWithDefaultValues(bytes), "an INSERT with values passed through")
                }
            case .copyRow, .copyEnd:
                fuzzRequire(false, "COPY data passed through")
            case .trailing:
                fuzzRequire(false, "passed-through text that ends without a statement's semicolon")
            }
        }
    }

    /// The statement's first word: letters, digits and `_` from its first byte that is neither PostgreSQL's white
    /// space (` \t\n\r\f`, as its lexer has it) nor inside a `--` or (nested) `/* */` comment. Written apart from
    /// the reader's tokenizer, so that the two are checked against each other.
    private static func firstWord(_ bytes: [UInt8]) -> String {
        let start = firstSignificantByte(bytes)
        let end = bytes[start...].firstIndex { !isWordByte($0) } ?? bytes.count
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    private static func firstSignificantByte(_ bytes: [UInt8]) -> Int {
        let spaces: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D, 0x0C]
        let dash = UInt8(ascii: "-")
        let slash = UInt8(ascii: "/")
        let star = UInt8(ascii: "*")
        var index = 0
        while index < bytes.count {
            if spaces.contains(bytes[index]) {
                index += 1
            } else if bytes[index] == dash && index + 1 < bytes.count && bytes[index + 1] == dash {
                while index < bytes.count && bytes[index] != 0x0A { index += 1 }
            } else if bytes[index] == slash && index + 1 < bytes.count && bytes[index + 1] == star {
                var depth = 0
                repeat {
                    if index + 1 < bytes.count && bytes[index] == slash && bytes[index + 1] == star {
                        depth += 1
                        index += 2
                    } else if index + 1 < bytes.count && bytes[index] == star && bytes[index + 1] == slash {
                        depth -= 1
                        index += 2
                    } else {
                        index += 1
                    }
                } while depth > 0 && index < bytes.count
            } else {
                return index
            }
        }
        return bytes.count
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x5F
            || byte == 0x5C
    }

    /// `INSERT INTO t DEFAULT VALUES;`: its last two words before the semicolon.
    private static func endsWithDefaultValues(_ bytes: [UInt8]) -> Bool {
        let words = String(decoding: bytes, as: UTF8.self).lowercased()
            .split { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == ";" }
        return words.suffix(2) == ["default", "values"]
    }
}
