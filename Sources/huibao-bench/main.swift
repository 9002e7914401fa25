import ArgumentParser

/// Benchmarks that print figures (`swift run -c release huibao-bench --help`); never part of the tests.
struct HuibaoBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "huibao-bench",
        abstract: "Measure Huibao's hot paths against a real PostgreSQL and print a table.",
        discussion: "Run inside deploy/with-postgres, in release: swift run -c release huibao-bench copy --rows 200000",
        // One line per benchmark.
        subcommands: [
            CopyBenchmark.self,
            SubmitBenchmark.self,
            RollupBenchmark.self,
            ExtractBenchmark.self,
        ]
    )
}

HuibaoBench.main()
