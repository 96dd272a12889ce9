/// What one thread needs to run FF1: an AES-ECB context, the plans of recently used (length, tweak)
/// pairs, and reusable scratch buffers. Borrowed from the FF1 value's pool for the duration of one call.
final class FF1Worker {
    /// Values processed per AES call; keeps the scratch space in cache.
    static let chunkSize = 4096

    let cipher: CipherContext
    let radix: Int
    // A worker is only ever used by one thread at a time (see ResourcePool), so the dynamic exclusivity
    // checks on its mutable state are skipped: they cost a noticeable share of a single-value call.
    @exclusivity(unchecked) private var plans: [PlanKey: FF1Plan] = [:]
    private static let maximumPlans = 256

    /// Scratch space for `capacity` values: the halves and one AES block each. Grown on demand up to
    /// `chunkSize`, so that workers used only for single values stay small.
    @exclusivity(unchecked) private(set) var left: UnsafeMutablePointer<UInt64>
    @exclusivity(unchecked) private(set) var right: UnsafeMutablePointer<UInt64>
    @exclusivity(unchecked) private(set) var blocks: UnsafeMutablePointer<UInt64>
    @exclusivity(unchecked) private var capacity = 1
    /// Output numerals of one value on the 64-bit path (at most 127: `radix^v < 2^64` means `v <= 63`).
    private let digits = UnsafeMutableBufferPointer<UInt16>.allocate(capacity: 128)

    private struct PlanKey: Hashable {
        let length: Int
        let tweak: [UInt8]
    }

    init(key: SecureBytes, radix: Int) throws(CryptoError) {
        cipher = try key.withBytes { (bytes) throws(CryptoError) in try CipherContext.aesECB(key: bytes) }
        self.radix = radix
        left = .allocate(capacity: capacity)
        right = .allocate(capacity: capacity)
        blocks = .allocate(capacity: 2 * capacity)
    }

    deinit {
        releaseScratch()
        LibCrypto.cleanse(digits.baseAddress!, count: digits.count * 2)
        digits.deallocate()
    }

    /// Makes the scratch space hold at least `count` values (at most `chunkSize`).
    private func reserveScratch(_ count: Int) {
        guard count > capacity else { return }
        releaseScratch()
        capacity = min(max(count, 2 * capacity), Self.chunkSize)
        left = .allocate(capacity: capacity)
        right = .allocate(capacity: capacity)
        blocks = .allocate(capacity: 2 * capacity)
    }

    /// Wipes (it held plaintext halves and PRF outputs) and frees the scratch space.
    private func releaseScratch() {
        LibCrypto.cleanse(left, count: capacity * 8)
        LibCrypto.cleanse(right, count: capacity * 8)
        LibCrypto.cleanse(blocks, count: capacity * 16)
        left.deallocate()
        right.deallocate()
        blocks.deallocate()
    }

    /// The plan for `length` numerals under `tweak`, from the cache or made now.
    func plan(length: Int, tweak: [UInt8]) -> FF1Plan {
        let key = PlanKey(length: length, tweak: tweak)
        if let plan = plans[key] { return plan }
        if plans.count >= Self.maximumPlans { plans.removeAll(keepingCapacity: true) }
        let plan = FF1Plan(radix: radix, length: length, tweak: tweak, cipher: cipher)
        plans[key] = plan
        return plan
    }

    /// Encrypts or decrypts `values[indices]` (all of `plan.n` numerals) into `results[indices]`.
    func run(
        _ plan: FF1Plan, values: UnsafeBufferPointer<[UInt16]>, indices: some Collection<Int>,
        results: UnsafeMutableBufferPointer<[UInt16]>, decrypting: Bool
    ) {
        guard let constants = plan.fast else {
            if let medium = plan.medium {
                var packed: [UInt16] = []
                packed.reserveCapacity(indices.count * plan.n)
                for index in indices { packed.append(contentsOf: values[index]) }
                packed.withUnsafeMutableBufferPointer { run(plan, medium, packed: $0, decrypting: decrypting) }
                for (offset, index) in indices.enumerated() {
                    results[index] = Array(packed[offset * plan.n..<(offset + 1) * plan.n])
                }
                return
            }
            for index in indices {
                results[index] = Self.wide(plan, cipher: cipher, values[index], decrypting: decrypting)
            }
            return
        }
        reserveScratch(indices.count)
        var pending = indices.startIndex
        while pending != indices.endIndex {
            let chunkEnd =
                indices.index(pending, offsetBy: Self.chunkSize, limitedBy: indices.endIndex)
                ?? indices.endIndex
            let chunk = indices[pending..<chunkEnd]
            var slot = 0
            for index in chunk {
                values[index].withUnsafeBufferPointer { numerals in
                    left[slot] = Self.number(numerals, 0, plan.u, radix)
                    right[slot] = Self.number(numerals, plan.u, plan.n, radix)
                }
                slot &+= 1
            }
            FF1Rounds.lockstep(
                constants, cipher: cipher, count: slot, decrypting: decrypting, left: left, right: right,
                blocks: blocks)
            slot = 0
            for index in chunk {
                results[index] = output(left[slot], right[slot], plan, constants)
                slot &+= 1
            }
            pending = chunkEnd
        }
    }

    /// Encrypts or decrypts in place every value of `plan.n` numerals stored back to back in `numerals`.
    func run(_ plan: FF1Plan, packed numerals: UnsafeMutableBufferPointer<UInt16>, decrypting: Bool) {
        let n = plan.n
        let count = numerals.count / n
        guard let constants = plan.fast else {
            if let medium = plan.medium {
                run(plan, medium, packed: numerals, decrypting: decrypting)
                return
            }
            let output = UnsafeMutableBufferPointer<UInt16>.allocate(capacity: n)
            defer {
                LibCrypto.cleanse(output.baseAddress!, count: n * 2)
                output.deallocate()
            }
            for value in 0..<count {
                let slice = UnsafeMutableBufferPointer(rebasing: numerals[value * n..<(value + 1) * n])
                FF1Rounds.wide(
                    plan, cipher: cipher, numerals: UnsafeBufferPointer(slice), output: output, decrypting: decrypting)
                _ = slice.update(fromContentsOf: output)
            }
            return
        }
        reserveScratch(count)
        var first = 0
        while first < count {
            let end = min(first + Self.chunkSize, count)
            for value in first..<end {
                let numeralsOfValue = UnsafeBufferPointer(rebasing: numerals[value * n..<(value + 1) * n])
                left[value - first] = Self.number(numeralsOfValue, 0, plan.u, radix)
                right[value - first] = Self.number(numeralsOfValue, plan.u, n, radix)
            }
            FF1Rounds.lockstep(
                constants, cipher: cipher, count: end - first, decrypting: decrypting, left: left, right: right,
                blocks: blocks)
            for value in first..<end {
                Self.write(left[value - first], into: numerals, value * n, value * n + plan.u, constants.radix)
                Self.write(right[value - first], into: numerals, value * n + plan.u, (value + 1) * n, constants.radix)
            }
            first = end
        }
    }

    /// The 128-bit path (``FF1Plan/MediumConstants``) on values of `plan.n` numerals packed back to back, in place.
    private func run(
        _ plan: FF1Plan, _ constants: FF1Plan.MediumConstants, packed numerals: UnsafeMutableBufferPointer<UInt16>,
        decrypting: Bool
    ) {
        let n = plan.n
        let u = plan.u
        let count = numerals.count / n
        reserveScratch(count)
        let chunk = min(count, Self.chunkSize)
        let halves = UnsafeMutablePointer<UInt128>.allocate(capacity: 2 * chunk)
        defer {
            LibCrypto.cleanse(halves, count: 2 * chunk * MemoryLayout<UInt128>.stride)
            halves.deallocate()
        }
        var first = 0
        while first < count {
            let end = min(first + Self.chunkSize, count)
            for value in first..<end {
                let start = value * n
                let numeralsOfValue = UnsafeBufferPointer(rebasing: numerals[start..<start + n])
                halves[value - first] = Self.number(numeralsOfValue, 0, u, radix, as: UInt128.self)
                halves[chunk + value - first] = Self.number(numeralsOfValue, u, n, radix, as: UInt128.self)
            }
            FF1Rounds.lockstep(
                constants, cipher: cipher, count: end - first, decrypting: decrypting, left: halves,
                right: halves + chunk, blocks: blocks)
            for value in first..<end {
                let start = value * n
                Self.write128(halves[value - first], into: numerals, start, start + u, constants)
                Self.write128(halves[chunk + value - first], into: numerals, start + u, start + n, constants)
            }
            first = end
        }
    }

    /// Writes `STR^(end-start)_radix(value)` into `buffer[start..<end]`: chunks of `chunkDigits` numerals divided off
    /// on 128 bits while the rest exceeds 64 bits, then the 64-bit ``write(_:into:_:_:_:)``.
    @inline(__always)
    static func write128(
        _ value: UInt128, into buffer: UnsafeMutableBufferPointer<UInt16>, _ start: Int, _ end: Int,
        _ constants: FF1Plan.MediumConstants
    ) {
        var rest = value
        var index = end
        while rest > UInt128(UInt64.max) {
            let (quotient, remainder) = rest.quotientAndRemainder(dividingBy: constants.chunk)
            write(
                UInt64(truncatingIfNeeded: remainder), into: buffer, index - constants.chunkDigits, index,
                constants.radix)
            index -= constants.chunkDigits
            rest = quotient
        }
        write(UInt64(truncatingIfNeeded: rest), into: buffer, start, index, constants.radix)
    }

    private static func wide(
        _ plan: FF1Plan, cipher: CipherContext, _ value: [UInt16], decrypting: Bool
    ) -> [UInt16] {
        [UInt16](unsafeUninitializedCapacity: plan.n) { buffer, initialized in
            value.withUnsafeBufferPointer { numerals in
                FF1Rounds.wide(plan, cipher: cipher, numerals: numerals, output: buffer, decrypting: decrypting)
            }
            initialized = plan.n
        }
    }

    /// `NUM_radix(numerals[start..<end])`; the caller guarantees it fits in 64 bits (or in `Word`).
    @inline(__always)
    static func number<Word: FixedWidthInteger & UnsignedInteger>(
        _ numerals: UnsafeBufferPointer<UInt16>, _ start: Int, _ end: Int, _ radix: Int, as: Word.Type = UInt64.self
    ) -> Word {
        var value: Word = 0
        let base = Word(radix)
        for index in start..<end { value = value &* base &+ Word(numerals[index]) }
        return value
    }

    /// Writes `STR^(end-start)_radix(value)` into `buffer[start..<end]`.
    @inline(__always)
    static func write(
        _ value: UInt64, into buffer: UnsafeMutableBufferPointer<UInt16>, _ start: Int, _ end: Int,
        _ radix: FastDivisor
    ) {
        var rest = value
        var index = end
        while index > start {
            index &-= 1
            let (quotient, remainder) = radix.divide(rest)
            buffer[index] = UInt16(truncatingIfNeeded: remainder)
            rest = quotient
        }
    }
}

extension FF1Worker {
    /// Encrypts or decrypts one value of `plan.n` numerals.
    func single(_ plan: FF1Plan, _ numerals: [UInt16], decrypting: Bool) -> [UInt16] {
        guard let constants = plan.fast else {
            if let medium = plan.medium {
                var output = numerals
                output.withUnsafeMutableBufferPointer { run(plan, medium, packed: $0, decrypting: decrypting) }
                return output
            }
            return [UInt16](unsafeUninitializedCapacity: plan.n) { buffer, initialized in
                numerals.withUnsafeBufferPointer { input in
                    FF1Rounds.wide(plan, cipher: cipher, numerals: input, output: buffer, decrypting: decrypting)
                }
                initialized = plan.n
            }
        }
        numerals.withUnsafeBufferPointer { input in
            left[0] = Self.number(input, 0, plan.u, radix)
            right[0] = Self.number(input, plan.u, plan.n, radix)
        }
        FF1Rounds.lockstep(
            constants, cipher: cipher, count: 1, decrypting: decrypting, left: left, right: right, blocks: blocks)
        return output(left[0], right[0], plan, constants)
    }

    /// `STR^u(a) || STR^v(b)` as a new array. Built in scratch space and copied: creating an array from a
    /// buffer is markedly faster than `init(unsafeUninitializedCapacity:)`, which looks up generic metadata
    /// on every call.
    @inline(__always)
    private func output(
        _ a: UInt64, _ b: UInt64, _ plan: FF1Plan, _ constants: FF1Plan.FastConstants
    ) -> [UInt16] {
        assert(plan.n <= digits.count, "the 64-bit path implies at most 126 numerals")
        Self.write(a, into: digits, 0, plan.u, constants.radix)
        Self.write(b, into: digits, plan.u, plan.n, constants.radix)
        return Array(UnsafeBufferPointer(rebasing: digits[0..<plan.n]))
    }
}
