import Foundation
import PostgresDriver
import Testing
import VeilTestSupport

/// TLS settings pass through libpq untouched: `sslmode=verify-full` against the test server's CA encrypts the
/// session and checks the server's name; a certificate from another CA is refused.
@Suite(
    "TLS to a live server",
    .enabled(
        if: TestPostgres.isAvailable && TestPostgres.certificateAuthority != nil,
        "set VEIL_TEST_PG and VEIL_TEST_PG_CA (bash .ci/run does)"))
struct TLSTests {
    @Test func verifyFullConnectsOverTLS() throws {
        let connection = try PostgresConnection(conninfo: TestPostgres.verifiedTLSURL(database: "postgres"))
        let ssl = try connection.execute("SELECT ssl::text, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        #expect(ssl.value(row: 0, column: 0) == "true")
        #expect(ssl.value(row: 0, column: 1)?.hasPrefix("TLSv1.") == true)
    }

    @Test func aServerCertificateFromAnotherAuthorityIsRefused() throws {
        let directory = TemporaryDirectory("veil-tls")
        let otherCA = try TestPostgres.unrelatedCertificateAuthority(in: directory)
        let error = try #require(throws: PostgresError.self) {
            try PostgresConnection(
                conninfo: TestPostgres.verifiedTLSURL(database: "postgres", rootCertificate: otherCA))
        }
        #expect(error.code == .connectionFailed)
        #expect(error.message.contains("certificate verify failed"), "\(error.message)")
    }
}
