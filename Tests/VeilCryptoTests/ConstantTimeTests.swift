import Testing
import VeilCrypto

/// MACs (the audit log's lines and head) are compared with ``ConstantTime/equal(_:_:)``: its time does not depend
/// on where two inputs first differ, so timing a refusal does not tell a forger how many leading bytes were right.
@Suite("Constant-time comparison")
struct ConstantTimeTests {
    @Test("equal, unequal, different lengths, empty, strings")
    func results() {
        #expect(ConstantTime.equal([UInt8](), [UInt8]()))
        #expect(ConstantTime.equal([1, 2, 3] as [UInt8], [1, 2, 3] as [UInt8]))
        #expect(!ConstantTime.equal([1, 2, 3] as [UInt8], [1, 2, 4] as [UInt8]))
        #expect(!ConstantTime.equal([1, 2, 3] as [UInt8], [1, 2] as [UInt8]))
        #expect(ConstantTime.equal("8d33fa", "8d33fa"))
        #expect(!ConstantTime.equal("8d33fa", "8d33fb"))
        #expect(!ConstantTime.equal("8d33fa", "8D33FA"))
        #expect(ConstantTime.equal([9, 9] as [UInt8], [9, 9][...]))
    }

    /// The fastest of `runs` timings of `body`, in nanoseconds (the minimum is the least disturbed by other load).
    static func fastest(_ runs: Int = 31, _ body: () -> Bool) -> Double {
        var best = Double.infinity
        var sink = false
        let clock = ContinuousClock()
        for _ in 0..<runs {
            let elapsed = clock.measure { sink = body() != sink }
            let nanoseconds = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
            best = min(best, nanoseconds)
        }
        return best
    }

    @Test("a first-byte and a last-byte difference take the same time (control: Array == stops at the first)")
    func timeIndependentOfPosition() {
        let size = 1 << 20
        let reference = [UInt8](repeating: 0x5A, count: size)
        var early = reference
        early[0] ^= 1
        var late = reference
        late[size - 1] ^= 1

        // Control: an ordinary comparison returns at the first difference, and this measurement sees it.
        let ordinaryEarly = Self.fastest { reference == early }
        let ordinaryLate = Self.fastest { reference == late }
        #expect(ordinaryLate > 20 * ordinaryEarly, "ordinary: \(ordinaryEarly) ns vs \(ordinaryLate) ns")

        let constantEarly = Self.fastest { ConstantTime.equal(reference, early) }
        let constantLate = Self.fastest { ConstantTime.equal(reference, late) }
        let ratio = constantLate / constantEarly
        #expect(ratio > 0.5 && ratio < 2, "constant time: \(constantEarly) ns vs \(constantLate) ns")
    }
}
