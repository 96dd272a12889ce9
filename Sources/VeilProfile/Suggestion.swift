/// "Did you mean" for misspelt keys and words: shared by the profile decoder and the masking plan
/// (rule and parameter names), so both suggest alike.
public enum Suggestion {
    /// The candidate closest to `word`, if it is close enough to be a likely misspelling: the same once case,
    /// `_` and `-` are ignored (`largeObjects` → `large_objects`), or within an edit distance of about a
    /// third of its length (at least 1, at most 3).
    public static func closest(to word: String, among candidates: [String]) -> String? {
        let folded = fold(word)
        if let same = candidates.first(where: { fold($0) == folded }) { return same }
        let limit = min(3, max(1, word.count / 3))
        // Lengths further apart than the limit cannot be within it: a pasted megabyte is not compared letter by letter.
        let scored = candidates.map { ($0, fold($0)) }.filter { abs($0.1.count - folded.count) <= limit }
            .map { ($0.0, distance(folded, $0.1)) }.filter { $0.1 <= limit }
        return scored.min { $0.1 < $1.1 }?.0
    }

    /// `a, b or c`.
    public static func list(_ words: [String]) -> String {
        guard words.count > 1 else { return words.first ?? "" }
        return words.dropLast().joined(separator: ", ") + " or " + words[words.count - 1]
    }

    private static func fold(_ word: String) -> [Character] {
        Array(word.lowercased().filter { $0 != "_" && $0 != "-" })
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps.
    static func distance(_ lhs: [Character], _ rhs: [Character]) -> Int {
        if lhs.isEmpty { return rhs.count }
        if rhs.isEmpty { return lhs.count }
        var previous2 = [Int](repeating: 0, count: rhs.count + 1)
        var previous = Array(0...rhs.count)
        var current = [Int](repeating: 0, count: rhs.count + 1)
        for i in 1...lhs.count {
            current[0] = i
            for j in 1...rhs.count {
                let cost = lhs[i - 1] == rhs[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, lhs[i - 1] == rhs[j - 2], lhs[i - 2] == rhs[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[rhs.count]
    }
}
