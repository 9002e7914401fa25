import ArgumentParser
import Testing

@testable import HuibaoCLI

@Suite struct ServerCommandTests {
    @Test func parsesEachSubcommand() throws {
        #expect(try ServerCommand.parseAsRoot(["start"]) is ServerCommand.Start)
        #expect(try ServerCommand.parseAsRoot(["stop"]) is ServerCommand.Stop)
        #expect(try ServerCommand.parseAsRoot(["status"]) is ServerCommand.Status)
    }

    @Test func statusTakesConninfoFlag() throws {
        let command = try #require(try ServerCommand.parseAsRoot(["status", "--conninfo"]) as? ServerCommand.Status)
        #expect(command.conninfo)
    }

    @Test func helpTeachesWhereTheServerLivesWithExamples() {
        let help = ServerCommand.helpMessage()
        #expect(help.contains("HUIBAO_HOME"))
        #expect(help.contains("/var/lib/huibao/pg"))
        #expect(help.contains("huibao db server stop"))
        #expect(help.contains("apt-get install postgresql"))
    }

    @Test func rejectsAnUnknownSubcommand() {
        #expect(throws: (any Error).self) { try ServerCommand.parseAsRoot(["restart"]) }
    }
}
