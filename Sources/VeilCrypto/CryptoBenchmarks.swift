#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// Micro-benchmarks of the hot primitives, for `veil bench`. Each returns operations per second of CPU
/// time on the calling thread (time spent waiting for a core is not counted, though a busy sibling
/// hyperthread still slows it), with random keys and inputs. The `try!`s cannot fail: keys and inputs are
/// valid by construction.
public enum CryptoBenchmarks {
    /// FF1 throughput through the batch path: 16-digit decimal values in batches of 4096, AES-256.
    /// - Parameter values: How many values to encrypt in the measured run.
    public static func ff1Batch(values: Int) -> Double {
        let cipher = try! FF1(key: .random(count: 32), radix: 10)
        let batch = (0..<4096).map { _ in randomDigits(16) }
        _ = try! cipher.encrypt(batch: batch)
        var checksum = 0
        var done = 0
        let seconds = measure {
            while done < values {
                let output = try! cipher.encrypt(batch: batch)
                checksum &+= Int(output[done % output.count][0])
                done += batch.count
            }
        }
        return rate(values: done, seconds: seconds, checksum: checksum)
    }

    /// FF1 throughput one value per call: 16-digit decimal values, AES-256.
    public static func ff1Single(values: Int) -> Double {
        let cipher = try! FF1(key: .random(count: 32), radix: 10)
        let inputs = (0..<1024).map { _ in randomDigits(16) }
        var checksum = 0
        let seconds = measure {
            for index in 0..<values {
                let output = try! cipher.encrypt(inputs[index & 1023])
                checksum &+= Int(output[0])
            }
        }
        return rate(values: values, seconds: seconds, checksum: checksum)
    }

    /// HMAC-SHA256 throughput over 20-byte messages through the no-allocation raw-buffer path.
    public static func hmac(values: Int) -> Double {
        let mac = HMACSHA256(key: .random(count: 32))
        var message = SecureRandom.bytes(count: 20)
        var checksum: UInt64 = 0
        let seconds = measure {
            message.withUnsafeMutableBytes { buffer in
                for index in 0..<values {
                    buffer[0] = UInt8(truncatingIfNeeded: index)
                    checksum &+= mac.authenticationCode(for: UnsafeRawBufferPointer(buffer)).word(0)
                }
            }
        }
        return rate(values: values, seconds: seconds, checksum: Int(truncatingIfNeeded: checksum))
    }

    private static func randomDigits(_ count: Int) -> [UInt16] {
        (0..<count).map { _ in UInt16(SecureRandom.uniform(below: 10)) }
    }

    /// CPU seconds the calling thread spends in `body`.
    private static func measure(_ body: () -> Void) -> Double {
        let start = threadCPUTime()
        body()
        return threadCPUTime() - start
    }

    private static func threadCPUTime() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    private static func rate(values: Int, seconds: Double, checksum: Int) -> Double {
        // The checksum keeps the optimiser from discarding the work.
        withExtendedLifetime(checksum) {}
        return seconds > 0 ? Double(values) / seconds : 0
    }
}
