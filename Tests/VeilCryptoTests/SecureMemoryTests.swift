import Foundation
import Testing

@testable import VeilCrypto

/// Key bytes live in pages locked in RAM (never swapped) and left out of core dumps, as the kernel reports them in
/// `/proc/self/smaps` (`VmFlags`: `lo` locked, `dd` do not dump). Linux only.
@Suite("Secure memory", .enabled(if: FileManager.default.fileExists(atPath: "/proc/self/smaps")))
struct SecureMemoryTests {
    /// The `VmFlags` of the mapping that holds `address`, from `/proc/self/smaps` (read to its end: Foundation's
    /// whole-file readers stop after the first 4 KiB of a /proc file, whose size reads as 0).
    static func vmFlags(containing address: UInt) throws -> Set<Substring>? {
        let handle = try #require(FileHandle(forReadingAtPath: "/proc/self/smaps"))
        defer { try? handle.close() }
        let text = String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
        var inside = false
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if let range = fields.first, range.contains("-"), !range.hasSuffix(":") {
                let bounds = range.split(separator: "-").compactMap { UInt($0, radix: 16) }
                inside = bounds.count == 2 && bounds[0] <= address && address < bounds[1]
            } else if inside, fields.first == "VmFlags:" {
                return Set(fields.dropFirst())
            }
        }
        return nil
    }

    @Test("control: ordinary heap memory is neither locked nor excluded from dumps")
    func control() throws {
        let ordinary = UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 16)
        defer { ordinary.deallocate() }
        let flags = try #require(try Self.vmFlags(containing: UInt(bitPattern: ordinary)))
        #expect(!flags.contains("lo") && !flags.contains("dd"), "flags \(flags.sorted())")
    }

    @Test(
        "small keys, derived keys and large buffers sit in locked, not-dumped pages",
        arguments: [1, 32, 64, 2048, 20_000])
    func lockedAndNotDumped(count: Int) throws {
        let key = SecureBytes.random(count: count)
        let flags = try #require(try Self.vmFlags(containing: UInt(bitPattern: key.storage.base)))
        #expect(flags.contains("lo"), "flags \(flags.sorted())")
        #expect(flags.contains("dd"), "flags \(flags.sorted())")
        let derived = try HKDF.deriveKey(inputKeyMaterial: key, salt: [], info: [1], outputByteCount: 32)
        let derivedFlags = try #require(try Self.vmFlags(containing: UInt(bitPattern: derived.storage.base)))
        #expect(derivedFlags.isSuperset(of: ["lo", "dd"]), "flags \(derivedFlags.sorted())")
    }

    @Test("many keys at once stay distinct, intact and locked; released slots are reused")
    func manyKeys() throws {
        var keys = (0..<3000).map { index in SecureBytes((0..<48).map { UInt8(truncatingIfNeeded: index &+ $0) }) }
        for (index, key) in keys.enumerated() {
            #expect(key.withUnsafeBytes { Array($0) } == (0..<48).map { UInt8(truncatingIfNeeded: index &+ $0) })
        }
        let addresses = Set(keys.map { UInt(bitPattern: $0.storage.base) })
        #expect(addresses.count == keys.count)
        keys.removeAll()
        let again = SecureBytes(zeroedCount: 48)
        #expect(again.withUnsafeBytes { $0.allSatisfy { $0 == 0 } })
        #expect(try Self.vmFlags(containing: UInt(bitPattern: again.storage.base))?.contains("lo") == true)
    }
}
