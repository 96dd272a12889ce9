import VeilFiles

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A window over a byte stream, read in large chunks, that keeps the unconsumed bytes contiguous.
///
/// Scanners look at `bytes[0..<available]`, ask for more with `fill()` when a unit (a line, a statement) runs
/// past the end, and `consume(_:)` it once complete. Filling moves the unconsumed bytes to the front and grows
/// the buffer when one unit is larger than it, so a unit is always one contiguous span, and memory is bounded
/// by the chunk size plus the largest single unit.
///
/// The bytes come either from a file descriptor (the window reads more itself) or from `append(_:)` calls
/// (in-memory mode: `fill()` returns false until more is appended; `isFinal` tells that none ever will).
final class ByteWindow {
    private var storage: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var start = 0
    private var end = 0
    private let fd: Int32?
    /// True when no byte beyond `available` will ever come.
    private(set) var isFinal = false
    /// Total bytes consumed so far (the stream offset of `bytes[0]`).
    private(set) var consumedTotal = 0

    /// Reads from `fd`, which the caller keeps open and closes.
    init(fd: Int32, chunkSize: Int = 1 << 20) {
        self.fd = fd
        self.capacity = max(chunkSize, 64)
        self.storage = .allocate(capacity: capacity)
    }

    /// An in-memory window fed by `append(_:)`.
    init(chunkSize: Int = 1 << 16) {
        self.fd = nil
        self.capacity = max(chunkSize, 64)
        self.storage = .allocate(capacity: capacity)
    }

    deinit { storage.deallocate() }

    /// The unconsumed bytes; valid until the next `fill()`, `append(_:)` or `consume(_:)`.
    var bytes: UnsafePointer<UInt8> { UnsafePointer(storage + start) }
    var available: Int { end - start }

    /// Makes more bytes available after the current ones. Returns false when none came (end of input, or in
    /// memory mode, nothing appended yet).
    func fill() throws(Errno) -> Bool {
        guard let fd, !isFinal else { return false }
        makeRoom(atLeast: capacity / 4)
        let result = Syscalls.read(fd, into: storage + end, count: capacity - end)
        switch result {
        case .success(0):
            isFinal = true
            return false
        case .success(let count):
            end += count
            return true
        case .failure(let error):
            throw error
        }
    }

    /// Makes sure at least `count` bytes are available, unless the input ends first.
    func ensure(_ count: Int) throws(Errno) -> Bool {
        while available < count {
            if try !fill() { return false }
        }
        return true
    }

    /// Drops the first `count` available bytes.
    func consume(_ count: Int) {
        precondition(count <= available)
        start += count
        consumedTotal += count
        if start == end {
            start = 0
            end = 0
        }
    }

    /// Memory mode: adds bytes after the available ones.
    func append(_ data: UnsafeRawBufferPointer) {
        precondition(fd == nil && !isFinal)
        makeRoom(atLeast: data.count)
        if let source = data.baseAddress, data.count > 0 {
            (storage + end).update(from: source.assumingMemoryBound(to: UInt8.self), count: data.count)
        }
        end += data.count
    }

    /// Memory mode: no more bytes will be appended.
    func finishInput() { isFinal = true }

    /// Moves the unconsumed bytes to the front, then grows the buffer if `needed` bytes still do not fit.
    private func makeRoom(atLeast needed: Int) {
        if start > 0 && (capacity - end < needed) {
            let count = end - start
            if count > 0 { storage.update(from: storage + start, count: count) }
            start = 0
            end = count
        }
        if capacity - end < needed {
            var newCapacity = capacity * 2
            while newCapacity - end < needed { newCapacity *= 2 }
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
            grown.update(from: storage + start, count: end - start)
            storage.deallocate()
            storage = grown
            end -= start
            start = 0
            capacity = newCapacity
        }
    }
}

extension UnsafePointer<UInt8> {
    /// The index of the first `byte` in `self[from..<to]`, using `memchr`.
    @inline(__always)
    func firstIndex(of byte: UInt8, from: Int, to: Int) -> Int? {
        guard from < to, let found = memchr(self + from, Int32(byte), to - from) else { return nil }
        return UnsafeRawPointer(found) - UnsafeRawPointer(self)
    }

    /// True when `self[offset..<offset + count]` equals `other[0..<count]`, using `memcmp`.
    @inline(__always)
    func bytesEqual(at offset: Int, _ other: UnsafePointer<UInt8>, count: Int) -> Bool {
        memcmp(self + offset, other, count) == 0
    }

    /// How many `byte`s `self[from..<to]` holds.
    func count(of byte: UInt8, from: Int, to: Int) -> Int {
        var total = 0
        var index = from
        while let found = firstIndex(of: byte, from: index, to: to) {
            total += 1
            index = found + 1
        }
        return total
    }
}
