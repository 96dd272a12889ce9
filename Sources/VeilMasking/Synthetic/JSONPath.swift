/// A JSONPath-like pattern naming places in a document: `$.a.b`, `$.items[*].email`, `$.*`, `$..email`,
/// `$['odd key']`, `$.list[0]`.
///
/// Grammar: `$` followed by steps: `.name` (letters, digits, `_`, `-`), `['name']` or `["name"]`, `.*` or
/// `[*]` (any key or index), `[n]` (index n), and `..name` / `..*` (at any depth below). A pattern matches
/// a node, and so every leaf beneath it.
struct JSONPath: Sendable, Equatable, Hashable {
    enum Step: Sendable, Equatable, Hashable {
        case key(String)
        case index(Int)
        /// `*`: any one key or index.
        case any
        /// `..`: zero or more levels.
        case descendants
    }

    /// One step of a concrete location in a document.
    enum Component: Equatable, Hashable {
        case key(String)
        case index(Int)
    }

    let text: String
    let steps: [Step]

    /// Parses `text`, or returns `nil` when it is not a valid pattern.
    init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.first == 0x24 else { return nil }
        var index = 1
        var steps: [Step] = []
        func name(from start: Int) -> (String, Int)? {
            var end = start
            while end < bytes.count, Self.isNameByte(bytes[end]) { end += 1 }
            guard end > start else { return nil }
            return (String(decoding: bytes[start..<end], as: UTF8.self), end)
        }
        while index < bytes.count {
            switch bytes[index] {
            case 0x2E:
                if index + 1 < bytes.count, bytes[index + 1] == 0x2E {
                    steps.append(.descendants)
                    index += 2
                } else {
                    index += 1
                }
                guard index < bytes.count else { return nil }
                if bytes[index] == 0x2A {
                    steps.append(.any)
                    index += 1
                } else if bytes[index] == 0x5B, steps.last == .descendants {
                    continue
                } else {
                    guard let (key, end) = name(from: index) else { return nil }
                    steps.append(.key(key))
                    index = end
                }
            case 0x5B:
                guard let close = bytes[index...].firstIndex(of: 0x5D) else { return nil }
                let inside = Array(bytes[(index + 1)..<close])
                if inside == [0x2A] {
                    steps.append(.any)
                } else if let first = inside.first, first == 0x27 || first == 0x22, inside.count >= 2,
                    inside.last == first
                {
                    steps.append(.key(String(decoding: inside.dropFirst().dropLast(), as: UTF8.self)))
                } else if !inside.isEmpty, inside.allSatisfy({ (0x30...0x39).contains($0) }),
                    let number = Int(String(decoding: inside, as: UTF8.self))
                {
                    steps.append(.index(number))
                } else {
                    return nil
                }
                index = close + 1
            default:
                return nil
            }
        }
        guard steps.last != .descendants else { return nil }
        self.text = text
        self.steps = steps
    }

    /// How many leading components of `location` this pattern matches as a whole (the node it names is
    /// that prefix), or `nil` when it names none of `location`'s ancestors nor `location` itself. The
    /// longest matching prefix is returned.
    func matchedPrefix(of location: [Component]) -> Int? {
        // Quick refusal: every key the pattern names must appear in the location.
        for step in steps {
            if case .key(let name) = step, !location.contains(.key(name)) { return nil }
        }
        var best: Int?
        for length in stride(from: location.count, through: 0, by: -1) {
            if Self.matches(steps[...], location[..<length]) {
                best = length
                break
            }
        }
        return best
    }

    private static func matches(_ steps: ArraySlice<Step>, _ location: ArraySlice<Component>) -> Bool {
        guard let step = steps.first else { return location.isEmpty }
        let rest = steps.dropFirst()
        if step == .descendants {
            var remaining = location
            while true {
                if matches(rest, remaining) { return true }
                guard !remaining.isEmpty else { return false }
                remaining = remaining.dropFirst()
            }
        }
        guard let component = location.first else { return false }
        switch (step, component) {
        case (.any, _): break
        case (.key(let name), .key(let key)) where name == key: break
        case (.index(let wanted), .index(let found)) where wanted == found: break
        default: return false
        }
        return matches(rest, location.dropFirst())
    }

    /// How many steps are wildcards (`*`, `..`): fewer is more specific.
    var wildcardCount: Int { steps.filter { $0 == .any || $0 == .descendants }.count }

    /// `location` written as a path (`$.items[2].email`), for error messages: keys and indices only.
    static func describe(_ location: [Component]) -> String {
        var text = "$"
        for component in location {
            switch component {
            case .key(let key):
                if !key.isEmpty, key.utf8.allSatisfy(isNameByte) {
                    text += "." + key
                } else {
                    text += "['" + key + "']"
                }
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            || byte == 0x5F || byte == 0x2D || byte >= 0x80
    }
}
