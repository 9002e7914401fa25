import ArgumentParser
import Foundation

/// `huibao db server start|stop|status`: the local PostgreSQL that huibao uses when no database is named.
struct ServerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server",
        abstract: "Start, stop or inspect huibao's local PostgreSQL server.",
        discussion: """
            When no database is named (no --database, DATABASE_URL or PG* variable), huibao keeps its data in a \
            private PostgreSQL cluster of its own. It is created and started by the first command that needs it \
            and left running for the next one. It listens on a Unix socket only, never on the network.

            Where it lives:
              $HUIBAO_HOME/pg                              if HUIBAO_HOME is set
              /var/lib/huibao/pg                           as root (it then runs as postgres)
              ${XDG_DATA_HOME:-~/.local/share}/huibao/pg   otherwise

            It needs PostgreSQL's server programs (apt-get install postgresql).

            Examples:
              huibao db server status      # running, stopped or absent, and how to connect
              huibao db server start       # create it if needed and start it
              psql "$(huibao db server status --conninfo)"
              huibao db server stop        # e.g. before deleting the directory
            """,
        subcommands: [Start.self, Stop.self, Status.self]
    )
}

extension ServerCommand {
    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the local server if needed and start it.",
            discussion: """
                Does nothing if it is already running. The first start runs initdb and creates the database \
                `huibao`; that takes a few seconds.
                """
        )

        func run() throws {
            let server = LocalServer()
            if try server.start() {
                print("started the local PostgreSQL in \(server.directory.path)")
            } else {
                print("the local PostgreSQL in \(server.directory.path) is already running")
            }
        }
    }

    struct Stop: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop the local server.",
            discussion: """
                Open transactions are rolled back (a fast shutdown); the data stays. The next huibao command that \
                needs the database starts it again.
                """
        )

        func run() throws {
            let server = LocalServer()
            guard case .running = server.status() else {
                print("the local PostgreSQL in \(server.directory.path) is not running")
                return
            }
            try server.stop()
            print("stopped the local PostgreSQL in \(server.directory.path)")
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show whether the local server is running, and how to connect to it.",
            discussion: """
                The exit code follows pg_ctl status: 0 running, 3 stopped, 4 not created yet.

                Examples:
                  huibao db server status
                  huibao db server status --conninfo    # just the connection string, for psql or scripts
                """
        )

        @Flag(help: "Print only the connection string.")
        var conninfo = false

        func run() throws {
            let server = LocalServer()
            if conninfo {
                print(server.conninfo)
                return
            }
            switch server.status() {
            case .running(let pid):
                print("running (pid \(pid)) in \(server.directory.path)")
                print("connect: psql \"\(server.conninfo)\"")
            case .stopped:
                print("stopped in \(server.directory.path); the next huibao command that needs it starts it")
                throw ExitCode(3)
            case .absent:
                print("not created yet: the first command that needs it creates \(server.directory.path)")
                print("(or run `huibao db server start`)")
                throw ExitCode(4)
            }
        }
    }
}
