import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The embedded default: a private PostgreSQL cluster that `huibao` starts on first use and leaves running.
///
/// It listens on a Unix socket only, inside its own directory, so it never clashes with a system cluster
/// (Debian's `main` on 5432) or with a throwaway one from `deploy/with-postgres`. The superuser `postgres`
/// connects without a password over that socket; the directory's permissions are the access control.
///
/// Layout under ``directory``: `data/` (the cluster), `socket/` (the socket and its lock file),
/// `server.log`, and `lock` (serialises two `huibao` commands starting it at once).
///
/// PostgreSQL refuses to run as root, so as root the cluster lives in `/var/lib/huibao/pg` (the `postgres`
/// user cannot enter `/root`) and `initdb`, `pg_ctl` and `postgres` run through `runuser -u postgres`.
struct LocalServer: Sendable {
    enum Status: Equatable, Sendable {
        /// No cluster has been created yet.
        case absent
        case stopped
        case running(pid: Int32)
    }

    /// Only names the socket file (`.s.PGSQL.5433`): the server does not listen on TCP.
    static let port = 5433
    static let databaseName = "huibao"
    static let superuser = "postgres"
    static let missingProgramsMessage =
        "PostgreSQL server programs (initdb, pg_ctl) not found: apt-get install postgresql"

    /// The directory that holds the cluster, its socket and its log.
    let directory: URL
    private let runsAsRoot: Bool
    private let searchPath: String?

    var dataDirectory: URL { directory.appendingPathComponent("data", isDirectory: true) }
    var socketDirectory: URL { directory.appendingPathComponent("socket", isDirectory: true) }
    var logFile: URL { directory.appendingPathComponent("server.log") }
    private var lockFile: URL { directory.appendingPathComponent("lock") }

    /// A libpq connection string for the cluster's `huibao` database.
    var conninfo: String {
        [
            "host=\(Self.quoted(socketDirectory.path))",
            "port=\(Self.port)",
            "dbname=\(Self.databaseName)",
            "user=\(Self.superuser)",
        ].joined(separator: " ")
    }

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.init(environment: environment, userID: getuid())
    }

    init(environment: [String: String], userID: uid_t) {
        runsAsRoot = userID == 0
        searchPath = environment["PATH"]
        directory = Self.directory(environment: environment, runsAsRoot: runsAsRoot)
    }

    /// `$HUIBAO_HOME/pg`; else `/var/lib/huibao/pg` for root; else `${XDG_DATA_HOME:-$HOME/.local/share}/huibao/pg`.
    static func directory(environment: [String: String], runsAsRoot: Bool) -> URL {
        if let home = environment["HUIBAO_HOME"], !home.isEmpty {
            return URL(fileURLWithPath: home, isDirectory: true).appendingPathComponent("pg", isDirectory: true)
                .standardizedFileURL
        }
        if runsAsRoot {
            return URL(fileURLWithPath: "/var/lib/huibao/pg", isDirectory: true)
        }
        // The XDG spec says to ignore a relative XDG_DATA_HOME.
        let dataHome: URL
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            dataHome = URL(fileURLWithPath: xdg, isDirectory: true)
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            dataHome = URL(fileURLWithPath: home, isDirectory: true)
                .appendingPathComponent(".local/share", isDirectory: true)
        }
        return dataHome.appendingPathComponent("huibao/pg", isDirectory: true).standardizedFileURL
    }

    // MARK: - Status

    func status() -> Status {
        let fileManager = FileManager.default
        guard fileManager.fileExists(atPath: dataDirectory.appendingPathComponent("PG_VERSION").path) else {
            return .absent
        }
        guard let pid = postmasterPID(), Self.isPostmaster(pid: pid, dataDirectory: dataDirectory.path) else {
            return .stopped
        }
        return .running(pid: pid)
    }

    /// The first line of `postmaster.pid`; a stale file (after a crash) names a dead or unrelated process.
    private func postmasterPID() -> Int32? {
        let pidFile = dataDirectory.appendingPathComponent("postmaster.pid")
        guard let text = try? String(contentsOf: pidFile, encoding: .utf8),
            let first = text.split(separator: "\n").first,
            let pid = Int32(first.trimmingCharacters(in: .whitespaces)), pid > 0
        else { return nil }
        return pid
    }

    private static func isPostmaster(pid: Int32, dataDirectory: String) -> Bool {
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        // A reused pid after a reboot must not count as our server: pg_ctl starts it as `postgres -D <dir>`.
        guard let cmdline = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return true }
        let arguments = cmdline.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        return arguments.contains(dataDirectory)
    }

    // MARK: - Start and stop

    /// Starts the cluster, creating it first if it is absent, and returns once it accepts connections.
    ///
    /// - Returns: `true` if it had to start the server, `false` if it was already running.
    @discardableResult
    func start() throws(LocalServerError) -> Bool {
        if case .running = status() { return false }
        let programs = try ServerPrograms.find(searchPath: searchPath, clusterVersion: clusterVersion())
        try prepareDirectory()
        let lock = try acquireLock()
        defer { close(lock) }
        // Another huibao may have started it while we waited for the lock.
        if case .running = status() { return false }
        if status() == .absent {
            try createCluster(programs)
        }
        try run(
            programs.pgCtl,
            ["-D", dataDirectory.path, "-l", logFile.path, "-w", "-t", "60", "start"],
            failure: "the PostgreSQL server in \(directory.path) did not start"
        )
        guard case .running = status() else {
            throw failure("pg_ctl reported a start, but no server is running for \(dataDirectory.path)")
        }
        return true
    }

    /// Stops the server with a fast shutdown (open transactions roll back); does nothing if it is not running.
    func stop() throws(LocalServerError) {
        guard case .running(let pid) = status() else { return }
        let programs = try ServerPrograms.find(searchPath: searchPath, clusterVersion: clusterVersion())
        do {
            try run(
                programs.pgCtl,
                ["-D", dataDirectory.path, "-m", "fast", "-w", "-t", "60", "stop"],
                failure: "could not stop the PostgreSQL server in \(directory.path)"
            )
        } catch {
            // pg_ctl failed (a half-broken data directory, say): signal the pid this data directory names.
            if case .running = status() { kill(pid, SIGTERM) }
            throw error
        }
        // pg_ctl returns once postmaster.pid is gone, a moment before the process exits; callers may delete
        // the directory or start again right away.
        var waited = 0
        while waited < 100 && Self.isPostmaster(pid: pid, dataDirectory: dataDirectory.path) {
            usleep(50_000)
            waited += 1
        }
    }

    // MARK: - Creating the cluster

    private func clusterVersion() -> String? {
        let file = dataDirectory.appendingPathComponent("PG_VERSION")
        return (try? String(contentsOf: file, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func prepareDirectory() throws(LocalServerError) {
        // The socket path must fit in sockaddr_un (108 bytes on Linux, 104 on macOS).
        let socketPath = socketDirectory.appendingPathComponent(".s.PGSQL.\(Self.port)").path
        guard socketPath.utf8.count < 100 else {
            throw failure(
                "the socket path \(socketPath) is longer than 99 bytes; set HUIBAO_HOME to a shorter directory"
            )
        }
        let fileManager = FileManager.default
        do {
            try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
            try fileManager.createDirectory(at: socketDirectory, withIntermediateDirectories: true)
            try fileManager.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory.path)
        } catch {
            throw failure("cannot create \(directory.path): \(error.localizedDescription)")
        }
        guard runsAsRoot else { return }
        guard let postgres = getpwnam(Self.superuser) else {
            throw failure("running as root needs the 'postgres' user: apt-get install postgresql creates it")
        }
        for path in [directory.path, socketDirectory.path] {
            guard chown(path, postgres.pointee.pw_uid, postgres.pointee.pw_gid) == 0 else {
                throw failure("cannot hand \(path) to the postgres user: \(String(cString: strerror(errno)))")
            }
        }
        // runuser gives no useful message when a parent directory is closed to postgres (a 0700 home, /root).
        let probe = try run(URL(fileURLWithPath: "/usr/bin/env"), ["test", "-w", directory.path], asOwner: true)
        guard probe.status == 0 else {
            throw failure(
                "the postgres user cannot reach \(directory.path): open its parent directories (chmod o+x) "
                    + "or set HUIBAO_HOME to a directory postgres can enter"
            )
        }
    }

    /// initdb into `data.new`, set it up, and rename it to `data`, so an interrupted first start leaves no
    /// half-made cluster behind that later starts would trip over.
    private func createCluster(_ programs: ServerPrograms) throws(LocalServerError) {
        let staging = directory.appendingPathComponent("data.new", isDirectory: true)
        try? FileManager.default.removeItem(at: staging)
        try run(
            programs.initdb,
            [
                "-D", staging.path, "-U", Self.superuser, "-E", "UTF8", "--locale=C.UTF-8",
                "--auth-local=trust", "--auth-host=reject",
            ],
            failure: "initdb failed in \(staging.path)"
        )
        let settings = """

            # huibao: a private server reached only through the socket directory below.
            listen_addresses = ''
            port = \(Self.port)
            unix_socket_directories = \(Self.quoted(socketDirectory.path, always: true))
            unix_socket_permissions = 0700

            """
        do {
            let handle = try FileHandle(forWritingTo: staging.appendingPathComponent("postgresql.conf"))
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(settings.utf8))
        } catch {
            throw failure("cannot write postgresql.conf in \(staging.path): \(error.localizedDescription)")
        }
        // Single-user mode creates the database before any client can connect, and needs no client program.
        try run(
            programs.postgres,
            ["--single", "-D", staging.path, "-c", "exit_on_error=on", "postgres"],
            input: "CREATE DATABASE \(Self.databaseName);\n",
            failure: "could not create the \(Self.databaseName) database"
        )
        do {
            try FileManager.default.moveItem(at: staging, to: dataDirectory)
        } catch {
            throw failure("cannot move \(staging.path) to \(dataDirectory.path): \(error.localizedDescription)")
        }
    }

    // MARK: - Processes

    private func acquireLock() throws(LocalServerError) -> Int32 {
        let fd = open(lockFile.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw failure("cannot open \(lockFile.path): \(String(cString: strerror(errno)))") }
        while flock(fd, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            close(fd)
            throw failure("cannot lock \(lockFile.path): \(String(cString: strerror(errno)))")
        }
        return fd
    }

    /// Runs a server program (as `postgres` when we are root) and throws with its output if it fails.
    private func run(
        _ program: URL,
        _ arguments: [String],
        input: String? = nil,
        failure message: String
    )
        throws(LocalServerError)
    {
        let result = try run(program, arguments, input: input, asOwner: true)
        guard result.status == 0 else {
            var text = message
            let output = result.output.trimmingCharacters(in: .whitespacesAndNewlines)
            if !output.isEmpty { text += ":\n" + output }
            let log = Self.lastLines(of: logFile, count: 15)
            if !log.isEmpty { text += "\nlast lines of \(logFile.path):\n" + log }
            throw LocalServerError(message: text)
        }
    }

    private func run(
        _ program: URL,
        _ arguments: [String],
        input: String? = nil,
        asOwner: Bool
    )
        throws(LocalServerError) -> ServerProcess.Result
    {
        var executable = program.path
        var argv = arguments
        if runsAsRoot && asOwner {
            let runuser = "/usr/sbin/runuser"
            executable = FileManager.default.isExecutableFile(atPath: runuser) ? runuser : "/sbin/runuser"
            argv = ["-u", Self.superuser, "--", program.path] + arguments
        }
        // The server programs must start in a directory their user can read, not in /root.
        return try ServerProcess.run(
            executable,
            argv,
            directory: directory.path,
            environment: Self.serverEnvironment(),
            input: input
        )
    }

    /// The caller's environment without PG* variables: PGPORT or PGDATA meant for a client must not reach the server.
    private static func serverEnvironment() -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PG") }
        if environment["PATH"] == nil { environment["PATH"] = "/usr/local/bin:/usr/bin:/bin" }
        return environment
    }

    static func lastLines(of file: URL, count: Int) -> String {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return "" }
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(count + 1)
            .joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func failure(_ message: String) -> LocalServerError { LocalServerError(message: message) }

    /// A conninfo value: quoted when it holds spaces, quotes or backslashes.
    static func quoted(_ value: String, always: Bool = false) -> String {
        guard always || value.isEmpty || value.contains(where: { " '\\".contains($0) }) else { return value }
        return "'" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }
}

/// Why the embedded server could not be found, created, started or stopped; the message is for a person.
struct LocalServerError: Error, CustomStringConvertible, Sendable {
    var message: String
    var description: String { message }
}

/// Where `initdb`, `pg_ctl` and `postgres` live. Debian keeps them off PATH, in /usr/lib/postgresql/N/bin.
struct ServerPrograms: Sendable {
    var directory: URL
    var initdb: URL { directory.appendingPathComponent("initdb") }
    var pgCtl: URL { directory.appendingPathComponent("pg_ctl") }
    var postgres: URL { directory.appendingPathComponent("postgres") }

    static let wellKnownDirectories = ["/usr/local/pgsql/bin", "/opt/homebrew/bin", "/usr/local/opt/postgresql/bin"]

    /// PATH first (as `deploy/pg-bin`), then Debian's versioned directories, highest version first; a cluster
    /// made by version N prefers N's programs, since a newer server cannot open it.
    static func find(
        searchPath: String?,
        clusterVersion: String? = nil,
        debianRoot: String = "/usr/lib/postgresql",
        otherDirectories: [String] = wellKnownDirectories
    ) throws(LocalServerError) -> ServerPrograms {
        let debian = debianDirectories(root: debianRoot)
        var candidates: [String] = []
        if let clusterVersion, let match = debian.first(where: { $0.version == clusterVersion }) {
            candidates.append(match.path)
        }
        candidates += (searchPath ?? "").split(separator: ":").map(String.init)
        candidates += debian.map(\.path)
        candidates += otherDirectories
        for candidate in candidates where !candidate.isEmpty {
            let programs = ServerPrograms(directory: URL(fileURLWithPath: candidate, isDirectory: true))
            if [programs.initdb, programs.pgCtl, programs.postgres].allSatisfy({
                FileManager.default.isExecutableFile(atPath: $0.path)
            }) {
                return programs
            }
        }
        throw LocalServerError(message: LocalServer.missingProgramsMessage)
    }

    private static func debianDirectories(root: String) -> [(version: String, path: String)] {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return
            versions
            .compactMap { name in Double(name).map { (number: $0, name: name) } }
            .sorted { $0.number > $1.number }
            .map { (version: $0.name, path: "\(root)/\($0.name)/bin") }
    }
}
