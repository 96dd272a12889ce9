import Foundation
import PostgresDriver
import Testing
import VeilTestSupport

@Suite("COPY streaming against a live server", .enabled(if: TestPostgres.isAvailable))
struct CopyTests {
    @Test func copyOutStreams100kRowsByteExact() throws {
        let connection = try PostgresConnection(conninfo: TestPostgres.url!)
        var rows = 0
        var bytes = 0
        var mismatches = 0
        var sample: [UInt8] = []
        let count = try connection.copyOut(
            "COPY (SELECT g, 'row ' || g || E'\\t' || 'é', NULL::text FROM generate_series(1, 100000) g) TO STDOUT"
        ) { line in
            rows += 1
            bytes += line.count
            let expected = "\(rows)\trow \(rows)\\té\t\\N\n"
            if !line.elementsEqual(expected.utf8) { mismatches += 1 }
            if rows == 54321 { sample = Array(line) }
        }
        #expect(count == 100_000 && rows == 100_000)
        #expect(mismatches == 0)
        #expect(sample == Array("54321\trow 54321\\té\t\\N\n".utf8))
        let expectedBytes = (1...100_000).reduce(0) { $0 + "\($1)\trow \($1)\\té\t\\N\n".utf8.count }
        #expect(bytes == expectedBytes)
        // The connection is idle and usable afterwards.
        #expect(connection.transactionStatus == .idle)
        #expect(try connection.execute("SELECT 1").value(row: 0, column: 0) == "1")
    }

    @Test func copyOutRejectsNonCopyAndReportsErrors() throws {
        let connection = try PostgresConnection(conninfo: TestPostgres.url!)
        let notCopy = #expect(throws: PostgresError.self) { try connection.copyOut("SELECT 1") { _ in } }
        #expect(notCopy?.code == .invalidArgument)
        let missing = #expect(throws: PostgresError.self) {
            try connection.copyOut("COPY veil_missing_table TO STDOUT") { _ in }
        }
        #expect(missing?.code == .copyFailed && missing?.isUndefinedTable == true)
        #expect(try connection.execute("SELECT 1").rowCount == 1)
    }

    @Test func throwingBodyCancelsCopyAndKeepsConnectionUsable() throws {
        struct Enough: Error {}
        let connection = try PostgresConnection(conninfo: TestPostgres.url!)
        var seen = 0
        let started = Date()
        #expect(throws: Enough.self) {
            // generate_series in the select list streams (ProjectSet); in FROM it would materialize first.
            try connection.copyOut("COPY (SELECT generate_series(1, 100000000)) TO STDOUT") { _ in
                seen += 1
                if seen == 10 { throw Enough() }
            }
        }
        #expect(seen == 10)
        #expect(Date().timeIntervalSince(started) < 20)
        #expect(try connection.execute("SELECT 42").value(row: 0, column: 0) == "42")
    }

    @Test func copyInStoresRowsWithEscapes() throws {
        try withTestDatabase { url in
            let connection = try PostgresConnection(conninfo: url)
            try connection.execute("CREATE TABLE t (id int PRIMARY KEY, s text, n int)")
            var data = "1\ttab\\there\t1\n2\tline\\nbreak\t\\N\n3\tback\\\\slash\t3\n4\t\\N\t4\n5\tZoë 日本 🐘\t5\n"
            for id in 6...20_000 { data += "\(id)\tfiller row \(id) with some padding text\t\(id)\n" }
            let stream = try connection.copyIn("COPY t (id, s, n) FROM STDIN")
            // Odd-sized pieces: rows split across writes, and the 64 KiB chunking crossed many times.
            let bytes = Array(data.utf8)
            var offset = 0
            var piece = 1
            while offset < bytes.count {
                let end = min(bytes.count, offset + piece)
                try bytes[offset..<end].withUnsafeBytes { try stream.write($0) }
                offset = end
                piece = piece * 3 % 9_973 + 1
            }
            #expect(try stream.finish() == 20_000)
            #expect(try connection.execute("SELECT count(*) FROM t").value(row: 0, column: 0) == "20000")
            let result = try connection.execute("SELECT id, s, n FROM t WHERE id <= 5 ORDER BY id")
            #expect(
                (0..<5).map(result.row) == [
                    ["1", "tab\there", "1"], ["2", "line\nbreak", nil], ["3", "back\\slash", "3"], ["4", nil, "4"],
                    ["5", "Zoë 日本 🐘", "5"],
                ])
            #expect(
                try connection.execute("SELECT s FROM t WHERE id = 20000").row(0) == [
                    "filler row 20000 with some padding text"
                ])
        }
    }

    @Test func copyInBadValueFailsWithoutTheValue() throws {
        try withTestDatabase { url in
            let connection = try PostgresConnection(conninfo: url)
            try connection.execute("CREATE TABLE t (id int, s text)")
            let stream = try connection.copyIn("COPY t FROM STDIN")
            try stream.write("1\tsecret_name_alpha\n")
            try stream.write("not_a_number_777\tsecret_name_beta\n")
            let error = #expect(throws: PostgresError.self) { try stream.finish() }
            #expect(error?.code == .copyFailed)
            #expect(error?.sqlState == "22P02" && error?.isDataException == true)
            #expect(error?.message.contains("integer") == true)
            let text = error.map { "\($0) \(String(reflecting: $0))" } ?? ""
            for secret in ["not_a_number_777", "secret_name_alpha", "secret_name_beta"] {
                #expect(!text.contains(secret))
            }
            #expect(try connection.execute("SELECT count(*) FROM t").value(row: 0, column: 0) == "0")
        }
    }

    @Test func copyInAbortStoresNothing() throws {
        try withTestDatabase { url in
            let connection = try PostgresConnection(conninfo: url)
            try connection.execute("CREATE TABLE t (id int)")
            let stream = try connection.copyIn("COPY t FROM STDIN")
            try stream.write("1\n2\n3\n")
            stream.abort(message: "test abort")
            #expect(throws: PostgresError.self) { try stream.write("4\n") }
            #expect(try connection.execute("SELECT count(*) FROM t").value(row: 0, column: 0) == "0")
            // A stream dropped without finish() aborts too.
            do {
                let dropped = try connection.copyIn("COPY t FROM STDIN")
                try dropped.write("5\n")
            }
            #expect(try connection.execute("SELECT count(*) FROM t").value(row: 0, column: 0) == "0")
        }
    }

    @Test func terminatedBackendMidCopyOutGivesConnectionLost() throws {
        struct Runaway: Error {}
        let reader = try PostgresConnection(conninfo: TestPostgres.url!)
        let killer = try PostgresConnection(conninfo: TestPostgres.url!)
        let pid = reader.backendPID
        var rows = 0
        let error = #expect(throws: PostgresError.self) {
            try reader.copyOut(
                "COPY (SELECT generate_series(1, 100000000), repeat('x', 200)) TO STDOUT"
            ) { _ in
                rows += 1
                if rows == 1_000 {
                    let killed = try killer.execute("SELECT pg_terminate_backend($1)", parameters: ["\(pid)"])
                    #expect(killed.value(row: 0, column: 0) == "t")
                }
                if rows > 20_000_000 { throw Runaway() }
            }
        }
        #expect(rows >= 1_000)
        #expect(error?.code == .connectionLost)
        #expect(error?.sqlState == nil || error?.sqlState == "57P01")
        #expect(!reader.isConnected)
        let after = #expect(throws: PostgresError.self) { try reader.execute("SELECT 1") }
        #expect(after?.code == .connectionLost)
    }
}
