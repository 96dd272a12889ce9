import PostgresDriver
import Testing

/// `ConnectionInfo`: libpq's own parser (`PQconninfoParse`), no server needed.
@Suite("ConnectionInfo")
struct ConnectionInfoTests {
    @Test func urlWithPasswordIsTakenApart() throws {
        let info = try ConnectionInfo("postgresql://alice:s3cret@db.example.com:6543/shop?sslmode=require")
        #expect(info.settings["host"] == "db.example.com")
        #expect(info.settings["port"] == "6543")
        #expect(info.settings["dbname"] == "shop")
        #expect(info.database == "shop")
        #expect(info.settings["user"] == "alice")
        #expect(info.settings["password"] == "s3cret")
        #expect(info.settings["sslmode"] == "require")
    }

    @Test func keyValueStringIsTakenApart() throws {
        let info = try ConnectionInfo("host=127.0.0.1 port=5432 user=bob password='a b' dbname=prod")
        #expect(
            info.settings == ["host": "127.0.0.1", "port": "5432", "user": "bob", "password": "a b", "dbname": "prod"])
    }

    @Test func onlyGivenSettingsAreKept() throws {
        let info = try ConnectionInfo("postgresql://localhost")
        #expect(info.settings == ["host": "localhost"])
        #expect(info.database == nil)
    }

    @Test func withDatabaseChangesOnlyTheDatabase() throws {
        let info = try ConnectionInfo("postgresql://alice:s3cret@db.example.com:6543/prod?sslmode=verify-full")
        let other = info.with(database: "staging_next")
        #expect(other.database == "staging_next")
        var expected = info.settings
        expected["dbname"] = "staging_next"
        #expect(other.settings == expected)
        #expect(info.database == "prod")
    }

    @Test func withDatabaseAddsADatabaseWhereNoneWasGiven() throws {
        let info = try ConnectionInfo("host=localhost user=alice")
        #expect(info.with(database: "prod").settings == ["host": "localhost", "user": "alice", "dbname": "prod"])
    }

    @Test func withoutPasswordRemovesOnlyThePassword() throws {
        let info = try ConnectionInfo("postgresql://alice:s3cret@db.example.com:6543/prod")
        let stripped = info.withoutPassword
        #expect(stripped.settings["password"] == nil)
        #expect(!stripped.conninfo.contains("s3cret"))
        var expected = info.settings
        expected["password"] = nil
        #expect(stripped.settings == expected)
    }

    @Test func conninfoIsSortedAndQuoted() {
        let info = ConnectionInfo(settings: ["port": "5432", "host": "localhost", "dbname": "prod"])
        #expect(info.conninfo == "dbname='prod' host='localhost' port='5432'")
    }

    @Test(arguments: [
        ["dbname": "my database", "user": "alice"],
        ["password": "it's a \"secret\"", "host": "localhost"],
        ["password": #"back\slash\\ and \' both"#, "dbname": "prod"],
        ["password": #"trailing backslash\"#, "application_name": "veil refresh"],
        ["password": "", "options": "-c search_path=app,public", "sslmode": "disable"],
        ["dbname": "Zoë 日本", "user": "  spaced  "],
    ])
    func conninfoRoundTrips(settings: [String: String]) throws {
        let info = ConnectionInfo(settings: settings)
        let parsed = try ConnectionInfo(info.conninfo)
        #expect(parsed == info)
        #expect(parsed.settings == settings)
    }

    @Test func parsedUrlRoundTripsThroughConninfo() throws {
        let info = try ConnectionInfo("postgresql://alice:p%40ss%20word@127.0.0.1:54330/my%20db?application_name=veil")
        #expect(info.settings["password"] == "p@ss word")
        #expect(info.database == "my db")
        #expect(try ConnectionInfo(info.conninfo) == info)
    }

    @Test(arguments: [
        // Unbalanced IPv6 bracket: libpq quotes the whole URI in its message.
        "postgresql://alice:Xy7pQ9secret@[::1/prod",
        // Bad percent-encoding inside the password: libpq quotes the decoded token.
        "postgresql://alice:Xy7pQ9secret%zz@localhost/prod",
        // Unknown keyword after the password.
        "host=localhost password=Xy7pQ9secret nosuchoption=1",
        // Unterminated quote.
        "host=localhost password='Xy7pQ9secret",
        // A password with a space, unquoted: the second word is taken for a keyword.
        "host=localhost password=Xy7pQ9secret Xy7pQ9secret",
        // Unknown URI query parameter.
        "postgresql://alice:Xy7pQ9secret@localhost/prod?nosuchparameter=1",
    ])
    func unparsableStringThrowsWithoutThePassword(conninfo: String) {
        let error = #expect(throws: PostgresError.self) { try ConnectionInfo(conninfo) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.isEmpty == false)
        #expect(error.map { !$0.message.contains("Xy7pQ9secret") } == true, "\(error?.message ?? "")")
        #expect(error.map { !"\($0)".contains("Xy7pQ9secret") } == true)
    }
}
