import Testing

@testable import LibPQ

@Suite struct PostgresErrorTests {
    @Test(arguments: ["08000", "08001", "08006", "08P01", "40001", "40P01", "57P01", "57P02", "57P03"])
    func transientStates(code: String) {
        #expect(SQLState(rawValue: code).isTransient)
        #expect(PostgresError(code: .server, sqlState: SQLState(rawValue: code), message: "m").isTransient)
    }

    @Test(arguments: ["23505", "23503", "23514", "23502", "42501", "22P02", "25P02", "28P01", "42601", "57014"])
    func permanentStates(code: String) {
        #expect(!SQLState(rawValue: code).isTransient)
    }

    @Test func namedStatesHaveTheirCodes() {
        #expect(SQLState.uniqueViolation.rawValue == "23505")
        #expect(SQLState.foreignKeyViolation.rawValue == "23503")
        #expect(SQLState.checkViolation.rawValue == "23514")
        #expect(SQLState.notNullViolation.rawValue == "23502")
        #expect(SQLState.serializationFailure.rawValue == "40001")
        #expect(SQLState.deadlockDetected.rawValue == "40P01")
        #expect(SQLState.adminShutdown.rawValue == "57P01")
        #expect(SQLState.insufficientPrivilege.rawValue == "42501")
        #expect(SQLState.uniqueViolation.codeClass == "23")
    }

    @Test func lostConnectionIsTransientButFailedConnectIsNot() {
        #expect(PostgresError.lostConnection("gone").isTransient)
        #expect(!PostgresError(code: .connection, message: "password authentication failed").isTransient)
        #expect(!PostgresError.client("misuse").isTransient)
    }

    @Test func descriptionIsOneSafeLine() {
        var error = PostgresError(
            code: .server,
            sqlState: .uniqueViolation,
            message: "duplicate key value violates unique constraint \"region_code_key\"",
            detail: "Key (code)=(620102) already exists.",
            constraint: "region_code_key"
        )
        error.table = "region"
        #expect(
            error.description
                == "PostgresError.server 23505: duplicate key value violates unique constraint \"region_code_key\""
        )
        #expect(!error.description.contains("620102"))
        #expect(error.debugDescription.contains("620102"))
        #expect(error.debugDescription.contains("table: region"))
    }

    @Test func libpqMessagesBecomeOneLine() {
        let text = "connection to server failed: FATAL:  password authentication failed\n\tsecond line\n"
        #expect(
            PostgresError.oneLine(text)
                == "connection to server failed: FATAL:  password authentication failed second line"
        )
    }

    @Test func passwordsInConninfoAreFoundAndRedacted() {
        let keyword = Connection.secrets(
            in: "host=db user=report password='p@ss w0rd!' dbname=huibao",
            environment: [:]
        )
        #expect(keyword.contains("p@ss w0rd!"))
        #expect(keyword.contains("p%40ss%20w0rd%21"))
        let uri = Connection.secrets(in: "postgresql://report:p%40ssword@db/huibao", environment: [:])
        #expect(uri.contains("p@ssword"))
        let environment = Connection.secrets(in: "", environment: ["PGPASSWORD": "from-env"])
        #expect(environment.contains("from-env"))
        let message = "failed for \"p@ss w0rd!\" and p%40ss%20w0rd%21"
        #expect(Connection.redact(message, secrets: keyword) == "failed for \"***\" and ***")
    }

    @Test func unparsableConninfoTreatsEveryWordAsSecret() {
        let secrets = Connection.secrets(in: "host=db password hunter22", environment: [:])
        #expect(secrets.contains("hunter22"))
        #expect(!Connection.redact("missing \"=\" after \"hunter22\"", secrets: secrets).contains("hunter22"))
    }
}
