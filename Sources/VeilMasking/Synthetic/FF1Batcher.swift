import VeilCrypto

/// One string of numerals to encrypt or decrypt with FF1, and its tweak.
struct FF1Job {
    var numerals: [UInt16]
    var tweak: [UInt8]
}

/// A job FF1 refused; names the job, never its numerals.
struct FF1Failure: Error {
    var jobIndex: Int
    var reason: String
}

/// Runs FF1 over many values at once: jobs are grouped by length and tweak so each group takes the
/// cipher's batch path, and only a failing group is retried value by value to find the culprit.
///
/// Optional cycle walking keeps outputs inside a class of their input: when `classify` is given, a
/// job whose output falls in a different class than its input is encrypted again until it lands in
/// the input's class. Walking a permutation this way is still a permutation of each class (the cycle
/// through the input always comes back into the class), so the mapping stays one-to-one and
/// reversible by walking the inverse. Veil uses it so an integer column keeps valid integers: no new
/// leading zero, no value beyond the type's range.
struct FF1Batcher: Sendable {
    let cipher: FF1

    /// Bound on cycle-walking rounds; only reached if a class is absurdly small.
    static let maximumRounds = 100_000

    /// A packed path's cycle walk after the batch's first round: encrypts `numerals` again under `tweak` until
    /// `isInside` holds, as ``run(_:decrypting:classify:)`` walks a job.
    /// - Throws: ``FF1Failure`` with `jobIndex` `index` when FF1 refuses or the walk does not converge.
    static func walk(
        _ numerals: [UInt16], tweak: [UInt8], cipher: FF1, index: Int, until isInside: ([UInt16]) -> Bool
    ) throws(FF1Failure) -> [UInt16] {
        var numerals = numerals
        var rounds = 1
        while !isInside(numerals) {
            guard rounds < maximumRounds else {
                throw FF1Failure(jobIndex: index, reason: "format-preserving encryption did not converge")
            }
            do {
                numerals = try cipher.encrypt(numerals, tweak: tweak)
            } catch {
                throw FF1Failure(jobIndex: index, reason: "format-preserving encryption failed (\(error))")
            }
            rounds += 1
        }
        return numerals
    }

    /// Encrypts (or decrypts) every job's numerals in place.
    /// - Parameters:
    ///   - jobs: the values' numerals and tweaks; replaced by the results.
    ///   - decrypting: run the inverse permutation.
    ///   - classify: the class of a candidate for a job (by index), or `nil` for no cycle walking.
    /// - Throws: ``FF1Failure`` naming the first job FF1 refused.
    func run(
        _ jobs: inout [FF1Job], decrypting: Bool = false, classify: ((Int, [UInt16]) -> Bool)? = nil
    ) throws(FF1Failure) {
        guard !jobs.isEmpty else { return }
        let classes = classify.map { classify in jobs.indices.map { classify($0, jobs[$0].numerals) } }
        var pending = Array(jobs.indices)
        var rounds = 0
        while !pending.isEmpty {
            try runOnce(&jobs, indices: pending, decrypting: decrypting)
            guard let classify, let classes else { return }
            pending = pending.filter { classify($0, jobs[$0].numerals) != classes[$0] }
            rounds += 1
            if rounds >= Self.maximumRounds, let first = pending.first {
                throw FF1Failure(jobIndex: first, reason: "format-preserving encryption did not converge")
            }
        }
    }

    private struct GroupKey: Hashable {
        var count: Int
        var tweak: [UInt8]
    }

    private func runOnce(_ jobs: inout [FF1Job], indices: [Int], decrypting: Bool) throws(FF1Failure) {
        if indices.count == 1 {
            let index = indices[0]
            jobs[index].numerals = try single(jobs[index], index: index, decrypting: decrypting)
            return
        }
        var groups: [GroupKey: [Int]] = [:]
        let first = jobs[indices[0]]
        if indices.allSatisfy({ jobs[$0].numerals.count == first.numerals.count && jobs[$0].tweak == first.tweak }) {
            // The common case: one length and one tweak for the whole column.
            groups[GroupKey(count: first.numerals.count, tweak: first.tweak)] = indices
        } else {
            for index in indices {
                let key = GroupKey(count: jobs[index].numerals.count, tweak: jobs[index].tweak)
                groups[key, default: []].append(index)
            }
        }
        // Sorted by first row, so an error always names the same row.
        for (key, members) in groups.sorted(by: { $0.value[0] < $1.value[0] }) {
            if members.count == 1 {
                let index = members[0]
                jobs[index].numerals = try single(jobs[index], index: index, decrypting: decrypting)
                continue
            }
            // One buffer for the group, run in place: no array per value.
            var packed: [UInt16] = []
            packed.reserveCapacity(members.count * key.count)
            for index in members { packed.append(contentsOf: jobs[index].numerals) }
            do throws(CryptoError) {
                try packed.withUnsafeMutableBufferPointer { buffer throws(CryptoError) in
                    if decrypting {
                        try cipher.decrypt(packed: buffer, length: key.count, tweak: key.tweak)
                    } else {
                        try cipher.encrypt(packed: buffer, length: key.count, tweak: key.tweak)
                    }
                }
            } catch {
                // Find the value FF1 refuses, so the error can name its row.
                for index in members {
                    _ = try single(jobs[index], index: index, decrypting: decrypting)
                }
                throw FF1Failure(jobIndex: members[0], reason: "format-preserving encryption failed (\(error))")
            }
            packed.withUnsafeBufferPointer { results in
                for (offset, index) in members.enumerated() {
                    let start = offset * key.count
                    jobs[index].numerals.withUnsafeMutableBufferPointer { numerals in
                        _ = numerals.update(fromContentsOf: results[start..<start + key.count])
                    }
                }
            }
        }
    }

    private func single(_ job: FF1Job, index: Int, decrypting: Bool) throws(FF1Failure) -> [UInt16] {
        do {
            return decrypting
                ? try cipher.decrypt(job.numerals, tweak: job.tweak)
                : try cipher.encrypt(job.numerals, tweak: job.tweak)
        } catch {
            throw FF1Failure(jobIndex: index, reason: "format-preserving encryption failed (\(error))")
        }
    }
}
