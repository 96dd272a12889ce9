extension FF1 {
    /// Encrypts, in place under one tweak, values of `length` numerals each stored back to back in `numerals`: the
    /// same results as ``encrypt(_:tweak:)`` on each value, in lockstep as ``encrypt(batch:tweak:)``, without an
    /// array per value. The path rules take when they hold many values of one layout.
    /// - Throws: `invalidLength` when `length` is outside `minimumLength...maximumLength` or `numerals` is not a
    ///   whole number of values, `invalidNumeral`, `invalidTweak`; then nothing is changed.
    public func encrypt(packed numerals: UnsafeMutableBufferPointer<UInt16>, length: Int, tweak: [UInt8] = [])
        throws(CryptoError)
    {
        try process(packed: numerals, length: length, tweak: tweak, decrypting: false)
    }

    /// Decrypts, in place, values packed as for ``encrypt(packed:length:tweak:)``; its inverse under the same tweak.
    public func decrypt(packed numerals: UnsafeMutableBufferPointer<UInt16>, length: Int, tweak: [UInt8] = [])
        throws(CryptoError)
    {
        try process(packed: numerals, length: length, tweak: tweak, decrypting: true)
    }

    private func process(
        packed numerals: UnsafeMutableBufferPointer<UInt16>, length: Int, tweak: [UInt8], decrypting: Bool
    ) throws(CryptoError) {
        try validate(tweak: tweak)
        guard length >= minimumLength, length <= Self.maximumLength, numerals.count % length == 0 else {
            throw CryptoError(
                .invalidLength, "the values are too short (domain below 10^6), too long, or not whole for FF1")
        }
        if radix < 65536 {
            let limit = UInt16(radix)
            var maximum: UInt16 = 0
            for numeral in numerals { maximum = Swift.max(maximum, numeral) }
            guard maximum < limit else { throw CryptoError(.invalidNumeral, "a numeral is not below the radix") }
        }
        guard !numerals.isEmpty else { return }
        try pool.withResource { worker in
            worker.run(worker.plan(length: length, tweak: tweak), packed: numerals, decrypting: decrypting)
        }
    }
}
