import PostgresDriver
import Testing

@Test func linksLibPQ() {
    #expect(libpqVersion >= 100_000)
}
