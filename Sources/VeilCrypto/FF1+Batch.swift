extension FF1 {
    /// Encrypts many values under one tweak; the same results as calling ``encrypt(_:tweak:)`` on each.
    ///
    /// Values are grouped by length; each group runs in lockstep, one AES-ECB call per Feistel round for up
    /// to 4096 values, which lets AES-NI pipeline the blocks.
    /// - Throws: The first validation error of any value; then nothing is encrypted.
    public func encrypt(batch: [[UInt16]], tweak: [UInt8] = []) throws(CryptoError) -> [[UInt16]] {
        try process(batch, tweak: tweak, decrypting: false)
    }

    /// Decrypts many values under one tweak; the inverse of ``encrypt(batch:tweak:)``.
    public func decrypt(batch: [[UInt16]], tweak: [UInt8] = []) throws(CryptoError) -> [[UInt16]] {
        try process(batch, tweak: tweak, decrypting: true)
    }

    private func process(_ batch: [[UInt16]], tweak: [UInt8], decrypting: Bool) throws(CryptoError) -> [[UInt16]] {
        guard let firstLength = batch.first?.count else { return [] }
        try validate(tweak: tweak)
        var uniform = true
        for value in batch {
            try validate(value)
            if value.count != firstLength { uniform = false }
        }
        var groups: [Int: [Int]] = [:]
        if !uniform {
            for (index, value) in batch.enumerated() { groups[value.count, default: []].append(index) }
        }
        var results = [[UInt16]](repeating: [], count: batch.count)
        try pool.withResource { worker in
            batch.withUnsafeBufferPointer { values in
                results.withUnsafeMutableBufferPointer { output in
                    if uniform {
                        let plan = worker.plan(length: firstLength, tweak: tweak)
                        worker.run(
                            plan, values: values, indices: 0..<values.count, results: output,
                            decrypting: decrypting)
                    } else {
                        for (length, indices) in groups.sorted(by: { $0.key < $1.key }) {
                            let plan = worker.plan(length: length, tweak: tweak)
                            worker.run(
                                plan, values: values, indices: indices, results: output,
                                decrypting: decrypting)
                        }
                    }
                }
            }
        }
        return results
    }
}
