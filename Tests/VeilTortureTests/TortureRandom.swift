import VeilTestSupport

/// The torture generator's choices, all drawn from one `SeededGenerator`: the same seed gives the same schema,
/// the same rows and the same canaries in every run.
struct TortureRandom {
    private var generator: SeededGenerator

    init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &generator) }

    mutating func chance(_ probability: Double) -> Bool {
        Double.random(in: 0..<1, using: &generator) < probability
    }

    mutating func pick<T>(_ items: [T]) -> T { items[int(0...items.count - 1)] }

    /// `count` distinct items of `items` in a random order (all of them when `count` is larger).
    mutating func sample<T>(_ items: [T], _ count: Int) -> [T] {
        Array(items.shuffled(using: &generator).prefix(count))
    }

    mutating func next() -> UInt64 { generator.next() }
}

/// SQL text helpers for generated DDL and rows.
enum SQLText {
    /// `text` as an escape-string literal (`E'...'`): tabs, newlines, carriage returns, backslashes and quotes
    /// survive any way the script is fed to psql.
    static func literal(_ text: String) -> String {
        var out = "E'"
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "'": out += "\\'"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "'"
    }

    /// `name` as a quoted identifier.
    static func quoted(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
}
