import VeilCore
import VeilFiles

/// The member list of a `pg_dump -Ft` archive, checked before pg_restore reads it.
///
/// pg_restore 15 spins forever, reading nothing, on a tar archive cut short (a copy stopped by a full disk, say):
/// Veil would wait with it. So a tar archive is walked header by header first (each 512-byte header, then its data
/// rounded up to 512 bytes), and refused unless every header's checksum holds, every member's data lies inside
/// the file, a `toc.dat` member is there and the archive ends with tar's zero end block, as pg_dump writes it.
/// Only headers are read (one `pread` per member), so the check costs nothing next to the restore.
enum TarArchiveCheck {
    static let blockSize = 512

    /// The archive's members, or why it cannot be read whole.
    enum Outcome: Equatable {
        case complete(members: [String])
        case damaged(String)
    }

    /// - Throws: ``VeilError`` with code `.source` when the archive is damaged or cut short.
    static func verify(path: String) throws {
        if case .damaged(let reason) = check(path: path) {
            throw VeilError(
                .source,
                "the tar archive \(path) is damaged or incomplete: \(reason); pg_restore cannot read it (copy the "
                    + "archive whole, or make it again with pg_dump -Ft)")
        }
    }

    static func check(path: String) -> Outcome {
        guard case .success(let fd) = Syscalls.openForReading(path) else { return .damaged("it cannot be opened") }
        defer { Syscalls.close(fd) }
        guard case .success(let status) = Syscalls.status(fd) else { return .damaged("it cannot be read") }
        return walk(size: status.size) { offset, header in
            guard
                case .success(let count) = header.withUnsafeMutableBytes({
                    Syscalls.read(fd, into: $0.baseAddress!, count: blockSize, at: offset)
                })
            else { return false }
            return count == blockSize
        }
    }

    /// Walks the headers of a tar file of `size` bytes; `readBlock` fills the 512 bytes at an offset (false when
    /// it cannot).
    static func walk(size: Int64, readBlock: (Int64, inout [UInt8]) -> Bool) -> Outcome {
        var header = [UInt8](repeating: 0, count: blockSize)
        var members: [String] = []
        var offset: Int64 = 0
        while true {
            guard offset + Int64(blockSize) <= size, readBlock(offset, &header) else {
                return .damaged(
                    members.isEmpty
                        ? "it is shorter than one tar header"
                        : "it ends after \(members.count) member(s) without tar's end block")
            }
            if header.allSatisfy({ $0 == 0 }) {
                guard members.contains("toc.dat") else { return .damaged("it has no toc.dat member") }
                return .complete(members: members)
            }
            let place = "member \(members.count + 1) (at byte \(offset))"
            guard let stored = octal(header[148..<156]), stored == checksum(header) else {
                return .damaged("the header of \(place) fails its checksum")
            }
            guard let dataSize = octal(header[124..<136]) else {
                return .damaged("the header of \(place) has no valid size")
            }
            let padded = (dataSize + Int64(blockSize) - 1) / Int64(blockSize) * Int64(blockSize)
            let next = offset + Int64(blockSize) + padded
            guard next <= size else { return .damaged("the data of \(place) runs past the end of the file") }
            let nameEnd = header[0..<100].firstIndex(of: 0) ?? 100
            members.append(String(decoding: header[0..<nameEnd], as: UTF8.self))
            offset = next
        }
    }

    /// The header's checksum: the sum of its bytes with the checksum field read as spaces.
    private static func checksum(_ header: [UInt8]) -> Int64 {
        var sum: Int64 = 0
        for index in 0..<blockSize { sum += Int64((148..<156).contains(index) ? 0x20 : header[index]) }
        return sum
    }

    /// An octal number field: optional spaces, octal digits, then NUL or space to the end.
    private static func octal(_ field: ArraySlice<UInt8>) -> Int64? {
        var value: Int64 = 0
        var digits = 0
        var ended = false
        for byte in field {
            if byte &- 0x30 < 8 && !ended {
                guard value < Int64.max >> 3 else { return nil }
                value = value << 3 | Int64(byte &- 0x30)
                digits += 1
            } else if byte == 0x20 && digits == 0 && !ended {
                continue
            } else if byte == 0 || byte == 0x20 {
                ended = true
            } else {
                return nil
            }
        }
        return digits > 0 ? value : nil
    }
}
