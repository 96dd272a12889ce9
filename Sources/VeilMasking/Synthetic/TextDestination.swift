/// Where a `fake.*` generator puts the value it composes: a `String` (the rule's `String` path) or a byte buffer
/// (its byte path, where values go into the batch's column with no `String` each). A generator written once
/// against this protocol (``ComposingGenerator``) gives both paths the same text from the same draws.
protocol TextDestination {
    /// Appends the text `body` writes, at most `capacity` UTF-8 bytes, composed in place (``ComposedText``).
    mutating func compose(capacity: Int, _ body: (inout ComposedText) -> Void)

    /// Appends `text`.
    mutating func append(_ text: String)
}

extension String: TextDestination {
    mutating func compose(capacity: Int, _ body: (inout ComposedText) -> Void) {
        // A generator composes once into an empty destination: the new String is the value, with no copy.
        self += ComposedText.compose(capacity: capacity, body)
    }
}

/// One value's bytes as the byte path composes them: a buffer allocated once per batch (``with(_:)``) and reused for
/// every value, so that composing a value costs no array operation per piece.
struct ValueScratch: TextDestination {
    private var storage: UnsafeMutableBufferPointer<UInt8>
    /// The bytes written since the last ``removeAll()``.
    private(set) var count = 0

    private init(capacity: Int) {
        storage = .allocate(capacity: capacity)
    }

    /// Calls `body` with an empty scratch buffer, freed when `body` returns.
    static func with<Result>(_ body: (inout ValueScratch) throws -> Result) rethrows -> Result {
        var scratch = ValueScratch(capacity: 256)
        defer { scratch.storage.deallocate() }
        return try body(&scratch)
    }

    /// The value written so far (valid until the next change).
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: storage[..<count]) }

    /// Forgets the value written, keeping the memory.
    mutating func removeAll() { count = 0 }

    /// Keeps the first `length` bytes.
    mutating func truncate(to length: Int) {
        precondition(length <= count, "truncated past the end")
        count = length
    }

    mutating func compose(capacity: Int, _ body: (inout ComposedText) -> Void) {
        reserve(capacity)
        var text = ComposedText(UnsafeMutableBufferPointer(rebasing: storage[count..<(count + capacity)]))
        body(&text)
        count += text.count
    }

    mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    /// Appends `bytes`, which must be UTF-8 where they end.
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        reserve(bytes.count)
        (storage.baseAddress! + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    /// Room for `more` bytes after the value: the buffer doubles when it lacks it.
    private mutating func reserve(_ more: Int) {
        guard count + more > storage.count else { return }
        let grown = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(storage.count * 2, count + more))
        grown.baseAddress!.update(from: storage.baseAddress!, count: count)
        storage.deallocate()
        storage = grown
    }
}

extension TextDestination {
    /// Appends up to five pieces one after another, composed in place (no `String` in between).
    mutating func join(
        _ first: String, _ second: String, _ third: String = "", _ fourth: String = "", _ fifth: String = ""
    ) {
        let capacity = first.utf8.count + second.utf8.count + third.utf8.count + fourth.utf8.count + fifth.utf8.count
        compose(capacity: capacity) { text in
            text.append(first)
            text.append(second)
            text.append(third)
            text.append(fourth)
            text.append(fifth)
        }
    }
}

/// A generator that composes its value into any ``TextDestination``: its `String` and its bytes come from one body.
protocol ComposingGenerator: SyntheticGenerator {
    /// Appends the synthetic value for `input` to `destination`, drawn from `random`.
    func compose<Destination: TextDestination>(
        for input: String, random: inout SeededRandom, maximumLength: Int?, to destination: inout Destination)
}

extension ComposingGenerator {
    func generate(for input: String, random: inout SeededRandom, maximumLength: Int?) -> String {
        var value = ""
        compose(for: input, random: &random, maximumLength: maximumLength, to: &value)
        return value
    }

    func write(for input: String, random: inout SeededRandom, maximumLength: Int?, to output: inout ValueScratch) {
        compose(for: input, random: &random, maximumLength: maximumLength, to: &output)
    }
}
