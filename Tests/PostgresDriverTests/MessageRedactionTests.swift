import Testing

@testable import PostgresDriver

@Suite("Message redaction (no server)")
struct MessageRedactionTests {
    @Test(arguments: [
        ("password=secretvalue123 host=x", "password=*** host=x"),
        ("PASSWORD = 'secret value' port=1", "PASSWORD=*** port=1"),
        ("postgresql://bob:secretvalue123@db:5432/app", "postgresql://bob:***@db:5432/app"),
        ("invalid URI query parameter: \"password=hunter2&x=1\"", "invalid URI query parameter: \"password=***&x=1\""),
        ("no secrets here", "no secrets here"),
    ])
    func redactsPasswords(input: String, expected: String) {
        #expect(MessageRedaction.redactingPasswords(in: input) == expected)
    }

    @Test func redactsTheKnownPasswordAnywhere() {
        let text = MessageRedaction.redactingPasswords(in: "failed near sEcReT99 here", knownPassword: "sEcReT99")
        #expect(text == "failed near *** here")
    }

    @Test(arguments: [
        ("22P02", "invalid input syntax for type integer: \"abc\"", "invalid input syntax for type integer: \"***\""),
        (
            "22003", "value \"99999999999\" is out of range for type integer",
            "value \"***\" is out of range for type integer"
        ),
        (
            "22021", "invalid byte sequence for encoding \"UTF8\": 0xff 0xfe",
            "invalid byte sequence for encoding \"***\": *** ***"
        ),
        ("22P02", "unterminated \"a\"\"b", "unterminated \"***\""),
        (
            "23505", "duplicate key value violates unique constraint \"u_email_key\"",
            "duplicate key value violates unique constraint \"u_email_key\""
        ),
    ])
    func scrubsDataExceptionValues(sqlState: String, input: String, expected: String) {
        #expect(MessageRedaction.scrubbingValues(in: input, sqlState: sqlState) == expected)
    }

    @Test func descriptionCarriesCodeStateAndMessage() {
        let error = PostgresError(code: .queryFailed, sqlState: "42P01", message: "relation \"t\" does not exist")
        #expect(error.description == "PostgreSQL queryFailed [SQLSTATE 42P01]: relation \"t\" does not exist")
        #expect(error.isUndefinedTable && !error.isUniqueViolation)
        #expect(PostgresError.meansConnectionLost("57P01") && PostgresError.meansConnectionLost("08006"))
        #expect(!PostgresError.meansConnectionLost("23505"))
    }
}
