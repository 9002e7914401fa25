public import ArgumentParser

public struct AppCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "huibao",
        abstract: "Turn Chinese progress reports into metrics, store them in PostgreSQL, roll them up, export briefings.",
        version: "0.1.0",
        subcommands: [RollupCommand.self, ExportCommand.self]
    )
    public init() {}
}
