import Foundation
import Testing
import VeilTestSupport
import VeilConnectors

/// Leftovers of a killed run are recognisable by name and removed by the next writer of the same path.
@Suite("Atomic file writer")
struct AtomicFileWriterTests {
    /// A process id that is not running now.
    static func deadProcessID() -> Int32 {
        var candidate: Int32 = 4_000_000
        while kill(candidate, 0) == 0 || errno != ESRCH { candidate -= 1 }
        return candidate
    }

    @Test("a dead writer's temporary file is removed; a live one's is kept; nothing shows under the final name early")
    func leftovers() throws {
        let directory = TemporaryDirectory()
        let dead = try directory.file(".out.sql.veil-tmp-\(Self.deadProcessID())-abc", "half a dump")
        let live = try directory.file(".out.sql.veil-tmp-\(getpid())-def", "another run in progress")
        let other = try directory.file(".other.sql.veil-tmp-\(Self.deadProcessID())-ghi", "another target")
        let writer = try AtomicFileWriter(path: directory.path("out.sql"))
        #expect(!FileManager.default.fileExists(atPath: dead))
        #expect(FileManager.default.fileExists(atPath: live))
        #expect(FileManager.default.fileExists(atPath: other))
        #expect(writer.temporaryPath.contains(".out.sql.veil-tmp-\(getpid())-"))
        try writer.write("complete\n")
        #expect(!FileManager.default.fileExists(atPath: directory.path("out.sql")))
        try writer.commit()
        #expect(try String(contentsOfFile: directory.path("out.sql"), encoding: .utf8) == "complete\n")
        #expect(!FileManager.default.fileExists(atPath: writer.temporaryPath))
    }
}
