import Foundation
import Testing
import VeilCore
import VeilTestSupport

@testable import VeilConnectors

/// `pg_dump -Ft` archives are walked header by header before pg_restore reads them: pg_restore 15 spins forever,
/// reading nothing, on a tar archive cut short (fuzz: archive found it; a copy stopped by a full disk does it too).
@Suite("tar archive check")
struct TarArchiveCheckTests {
    static let tarArchive = Fixture.local("archives/shop.tar")

    @Test("a tar archive pg_dump wrote is complete, with its toc.dat and data members")
    func realArchiveIsComplete() throws {
        guard case .complete(let members) = TarArchiveCheck.check(path: Self.tarArchive) else {
            Issue.record("shop.tar was found damaged")
            return
        }
        #expect(members.first == "toc.dat")
        #expect(members.contains("restore.sql"))
        #expect(members.filter { $0.hasSuffix(".dat") }.count >= 5)
        #expect(PgDumpReader.archiveFormat(path: Self.tarArchive) == .tar)
        try TarArchiveCheck.verify(path: Self.tarArchive)
    }

    @Test("a tar archive cut anywhere before its end block is refused as damaged, naming no value")
    func everyCutIsRefused() throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Self.tarArchive))
        guard case .complete(let members) = TarArchiveCheck.check(path: Self.tarArchive) else {
            Issue.record("shop.tar was found damaged")
            return
        }
        let directory = TemporaryDirectory()
        let path = directory.path("cut.tar")
        // Every block boundary and a point inside every block, up to the end block.
        let endBlock = try #require(Self.endBlockOffset(bytes, members: members.count))
        var cuts: [Int] = []
        for block in stride(from: 0, through: endBlock, by: 512) { cuts += [block, block + 263] }
        for cut in cuts where cut <= endBlock {
            try bytes.prefix(cut).write(to: URL(fileURLWithPath: path))
            guard case .damaged(let reason) = TarArchiveCheck.check(path: path) else {
                Issue.record("a cut at byte \(cut) of \(bytes.count) was found complete")
                continue
            }
            #expect(!reason.isEmpty)
        }
    }

    @Test(
        "the reader refuses a cut tar archive with a source error before pg_restore runs",
        .enabled(if: PgDumpReader.pgRestoreExecutable() != nil, "pg_restore is not installed"),
        arguments: [20_000, 60_000, 100_000])
    func readerRefusesCutArchive(cut: Int) throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Self.tarArchive))
        let directory = TemporaryDirectory()
        let path = directory.path("cut.tar")
        try bytes.prefix(cut).write(to: URL(fileURLWithPath: path))
        #expect(PgDumpReader.isArchive(path: path))
        let error = try #require(throws: VeilError.self) { try PgDumpReader(path: path) }
        #expect(error.code == .source)
        #expect(error.message.contains("is damaged or incomplete"), "\(error.message)")
        #expect(error.message.contains("runs past the end of the file"), "\(error.message)")
    }

    @Test("a header whose checksum fails, a size that is not octal and a tar without toc.dat are refused")
    func damagedHeadersAreRefused() throws {
        let original = try Data(contentsOf: URL(fileURLWithPath: Self.tarArchive))
        let directory = TemporaryDirectory()
        let path = directory.path("damaged.tar")

        var flipped = original
        flipped[20] ^= 0x01  // inside toc.dat's name
        try flipped.write(to: URL(fileURLWithPath: path))
        #expect(TarArchiveCheck.check(path: path) == .damaged("the header of member 1 (at byte 0) fails its checksum"))

        var badSize = original
        badSize[124] = UInt8(ascii: "9")
        Self.fixChecksum(&badSize, header: 0)
        try badSize.write(to: URL(fileURLWithPath: path))
        #expect(TarArchiveCheck.check(path: path) == .damaged("the header of member 1 (at byte 0) has no valid size"))

        var renamed = original
        renamed[0] = UInt8(ascii: "x")  // toc.dat becomes xoc.dat
        Self.fixChecksum(&renamed, header: 0)
        try renamed.write(to: URL(fileURLWithPath: path))
        #expect(TarArchiveCheck.check(path: path) == .damaged("it has no toc.dat member"))
    }

    @Test("only a file with tar's magic is taken for a tar archive and walked; a custom archive is left to pg_restore")
    func onlyTarFilesAreChecked() throws {
        let directory = TemporaryDirectory()
        #expect(PgDumpReader.archiveFormat(path: Fixture.local("archives/shop.dump")) == .custom)
        #expect(PgDumpReader.archiveFormat(path: try directory.file("short.tar", "ustar")) == nil)
        #expect(PgDumpReader.archiveFormat(path: directory.path("missing.tar")) == nil)
        // A custom archive is not walked as tar: opening it does not fail on the tar check.
        if PgDumpReader.pgRestoreExecutable() != nil {
            _ = try PgDumpReader(path: Fixture.local("archives/shop.dump"))
        }
    }

    /// The offset of the zero block that ends the archive: after `members` headers and their data.
    static func endBlockOffset(_ bytes: Data, members: Int) -> Int? {
        var offset = 0
        for _ in 0..<members {
            let field = bytes[(offset + 124)..<(offset + 136)].prefix { $0 != 0 && $0 != 0x20 }
            guard let size = Int(String(decoding: field, as: UTF8.self), radix: 8) else { return nil }
            offset += 512 + (size + 511) / 512 * 512
        }
        return offset
    }

    /// Writes the header's checksum again after a test changed it, as tar would have.
    static func fixChecksum(_ bytes: inout Data, header: Int) {
        for index in 148..<156 { bytes[header + index] = 0x20 }
        let sum = bytes[header..<(header + 512)].reduce(0) { $0 + Int($1) }
        let digits = Array(String(sum, radix: 8).utf8)
        let field = [UInt8](repeating: UInt8(ascii: "0"), count: 6 - digits.count) + digits + [0, 0x20]
        for (index, byte) in field.enumerated() { bytes[header + 148 + index] = byte }
    }
}
