import ArgumentParser
import Foundation
import LibPQ
import Testing

@testable import HuibaoCLI

@Suite struct DatabaseOptionsTests {
    @Test func databaseOptionWinsOverEveryVariable() throws {
        let options = try DatabaseOptions.parse(["--database", "host=db.example.org dbname=huibao"])
        let source = options.source(environment: ["DATABASE_URL": "postgresql://elsewhere/x", "PGHOST": "other"])
        #expect(source == .conninfo("host=db.example.org dbname=huibao"))
    }

    @Test func databaseURLComesBeforeLibpqVariables() throws {
        let options = try DatabaseOptions.parse([])
        let source = options.source(environment: ["DATABASE_URL": "postgresql://db/huibao", "PGHOST": "other"])
        #expect(source == .conninfo("postgresql://db/huibao"))
    }

    @Test(arguments: DatabaseOptions.libpqVariables)
    func anyLibpqVariableHandsOverToLibpq(variable: String) throws {
        let options = try DatabaseOptions.parse([])
        #expect(options.source(environment: [variable: "x", "HOME": "/home/li"]) == .libpqEnvironment)
    }

    @Test func passwordAloneDoesNotNameAServer() throws {
        let options = try DatabaseOptions.parse([])
        #expect(options.source(environment: ["PGPASSWORD": "secret", "HOME": "/home/li"]) == .localServer)
    }

    @Test func emptySettingsCountAsUnset() throws {
        let options = try DatabaseOptions.parse(["--database", ""])
        #expect(options.source(environment: ["DATABASE_URL": "", "PGHOST": ""]) == .localServer)
    }

    @Test(.timeLimit(.minutes(3)))
    func noSettingsStartsTheLocalServerAndConnects() throws {
        let home = try TemporaryDirectory(ownedByServerUser: true)
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PG") }
        environment["DATABASE_URL"] = nil
        environment["HUIBAO_HOME"] = home.path
        let server = LocalServer(environment: environment)
        defer { try? server.stop() }

        let options = try DatabaseOptions.parse([])
        let connection = try options.connect(environment: environment)
        let row = try connection.query("select current_database(), current_user")
        #expect(row.text(row: 0, column: 0) == "huibao")
        #expect(row.text(row: 0, column: 1) == "postgres")
        #expect(connection.setting("host") == server.socketDirectory.path)
        guard case .running = server.status() else {
            Issue.record("connect() left the local server \(server.status())")
            return
        }
        connection.close()
    }
}

extension DatabaseOptionsTests {
    @Test func aFailedConnectionSaysWhereTheSettingsCameFromWithoutThePassword() throws {
        let options = try DatabaseOptions.parse(["--database", "postgresql://clerk:S3cretPw@127.0.0.1:1/huibao"])
        do {
            _ = try options.connect(environment: [:])
            Issue.record("connected to port 1")
        } catch {
            let text = "\(error)"
            #expect(text.hasPrefix("cannot connect to PostgreSQL (settings from --database)"))
            #expect(!text.contains("S3cretPw"))
        }
    }
}
