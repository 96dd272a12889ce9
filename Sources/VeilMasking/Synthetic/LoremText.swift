/// English-looking filler text of a given length, for `fake.word`, `fake.sentence` and `fake.paragraph`.
///
/// Words come from `lorem_words.txt` (common English words). Text is built word by word; once the
/// target is within reach of one more word, a final word of exactly the missing length is chosen, so
/// the result is the target length give or take two characters, and never longer than the column.
enum LoremText {
    /// The longest word used inside text (longer words would overshoot short targets).
    static let longestWord = 9

    /// The words grouped by length: `byLength[n]` holds the words of n letters, for n in 1...longestWord.
    static let byLength: [[String]] = {
        var groups = Array(repeating: [String](), count: longestWord + 1)
        for word in WordLists.loremWords where (1...longestWord).contains(word.utf8.count) {
            groups[word.utf8.count].append(word)
        }
        return groups
    }()

    /// Words of at most ``longestWord`` letters.
    static let words = byLength.flatMap { $0 }

    /// Text of about `target` characters: sentences of `sentenceWords` words (each starting with a
    /// capital and ending with a period, an occasional comma inside), at most `maximumLength` long.
    /// Targets of one or two characters give a single word without a period.
    static func text(
        target: Int, maximumLength: Int?, sentenceWords: ClosedRange<Int>, random: inout SeededRandom
    ) -> String {
        let target = max(1, min(target, maximumLength ?? Int.max))
        if target <= 2 { return capitalized(word(length: target, &random)) }
        var output = ""
        var wordsInSentence = 0
        var sentenceLength = draw(sentenceWords, &random)
        while true {
            let separator = output.isEmpty ? 0 : 1
            let finalLength = target - output.utf8.count - separator - 1
            if finalLength <= longestWord {
                if finalLength < 1 {
                    if output.last == "," { output.removeLast() }
                    if output.last != "." { output += "." }
                    return output
                }
                append(word(length: finalLength, &random), to: &output, capital: wordsInSentence == 0)
                return output + "."
            }
            append(random.pick(words), to: &output, capital: wordsInSentence == 0)
            wordsInSentence += 1
            if wordsInSentence >= sentenceLength {
                output += "."
                wordsInSentence = 0
                sentenceLength = draw(sentenceWords, &random)
            } else if wordsInSentence > 1 && random.chance(1, in: 10) {
                output += ","
            }
        }
    }

    /// A word of exactly `length` letters when the list has one, else the longest shorter one.
    static func word(length: Int, _ random: inout SeededRandom) -> String {
        var length = min(length, longestWord)
        while length > 1 && byLength[length].isEmpty { length -= 1 }
        return random.pick(byLength[length])
    }

    private static func append(_ word: String, to output: inout String, capital: Bool) {
        if !output.isEmpty { output += " " }
        output += capital ? capitalized(word) : word
    }

    private static func capitalized(_ word: String) -> String {
        word.prefix(1).uppercased() + word.dropFirst()
    }

    private static func draw(_ range: ClosedRange<Int>, _ random: inout SeededRandom) -> Int {
        range.lowerBound + random.next(below: range.count)
    }
}
