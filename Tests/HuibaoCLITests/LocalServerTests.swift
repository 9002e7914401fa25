import Foundation
import Testing

@testable import HuibaoCLI

#if canImport(Glibc)
import Glibc
#endif

@Suite struct LocalServerTests {
    // MARK: - Where the cluster lives

    @Test func huibaoHomeWinsOverEverything() {
        let directory = LocalServer.directory(
            environment: ["HUIBAO_HOME": "/srv/huibao", "XDG_DATA_HOME": "/x", "HOME": "/home/li"],
            runsAsRoot: true
        )
        #expect(directory.path == "/srv/huibao/pg")
    }

    @Test func rootUsesVarLibBecausePostgresCannotEnterRootsHome() {
        let directory = LocalServer.directory(environment: ["HOME": "/root"], runsAsRoot: true)
        #expect(directory.path == "/var/lib/huibao/pg")
    }

    @Test func userFollowsXDGDataHome() {
        let directory = LocalServer.directory(
            environment: ["XDG_DATA_HOME": "/home/li/data", "HOME": "/home/li"],
            runsAsRoot: false
        )
        #expect(directory.path == "/home/li/data/huibao/pg")
    }

    @Test func userWithoutXDGDataHomeUsesLocalShare() {
        let directory = LocalServer.directory(environment: ["HOME": "/home/li"], runsAsRoot: false)
        #expect(directory.path == "/home/li/.local/share/huibao/pg")
    }

    @Test func relativeXDGDataHomeIsIgnored() {
        let directory = LocalServer.directory(
            environment: ["XDG_DATA_HOME": "data", "HOME": "/home/li"],
            runsAsRoot: false
        )
        #expect(directory.path == "/home/li/.local/share/huibao/pg")
    }

    @Test func conninfoNamesTheSocketDirectoryAndDatabase() {
        let server = LocalServer(environment: ["HUIBAO_HOME": "/srv/huibao"])
        #expect(server.conninfo == "host=/srv/huibao/pg/socket port=5433 dbname=huibao user=postgres")
    }

    @Test func conninfoQuotesADirectoryWithSpaces() {
        let server = LocalServer(environment: ["HUIBAO_HOME": "/srv/my huibao"])
        #expect(server.conninfo.hasPrefix("host='/srv/my huibao/pg/socket' port=5433"))
    }

    @Test func missingServerProgramsNameThePackage() throws {
        let empty = try TemporaryDirectory()
        #expect {
            try ServerPrograms.find(searchPath: empty.path, debianRoot: empty.path, otherDirectories: [])
        } throws: { error in
            "\(error)".contains("apt-get install postgresql") && "\(error)".contains("initdb, pg_ctl")
        }
    }

    @Test func anAbsentClusterReportsAbsentAndStopIsHarmless() throws {
        let home = try TemporaryDirectory()
        let server = LocalServer(environment: ["HUIBAO_HOME": home.path])
        #expect(server.status() == .absent)
        try server.stop()
        #expect(server.status() == .absent)
    }

    @Test func tooLongASocketPathIsRefusedWithAHint() throws {
        let home = try TemporaryDirectory()
        let deep = home.path + "/" + String(repeating: "d", count: 90)
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let server = LocalServer(environment: ["HUIBAO_HOME": deep, "PATH": path])
        #expect {
            try server.start()
        } throws: { error in
            "\(error)".contains("HUIBAO_HOME")
        }
        #expect(server.status() == .absent)
    }

    // MARK: - A real cluster

    @Test(.timeLimit(.minutes(3)))
    func twoConcurrentFirstStartsMakeOneCluster() async throws {
        let home = try TemporaryDirectory(ownedByServerUser: true)
        let server = LocalServer(environment: ["HUIBAO_HOME": home.path])
        defer { try? server.stop() }

        async let first = Task.detached { try server.start() }.value
        async let second = Task.detached { try server.start() }.value
        let started = try await [first, second]
        #expect(started.sorted { !$0 && $1 } == [false, true], "exactly one of them started the server")
        guard case .running = server.status() else {
            Issue.record("status after two starts is \(server.status())")
            return
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func startsAnswersQueriesAndStops() throws {
        let home = try TemporaryDirectory(ownedByServerUser: true)
        let server = LocalServer(environment: ["HUIBAO_HOME": home.path])
        defer { try? server.stop() }

        #expect(try server.start() == true)
        guard case .running(let pid) = server.status() else {
            Issue.record("status after start is \(server.status())")
            return
        }
        #expect(try server.start() == false, "a second start finds it running")
        #expect(server.status() == .running(pid: pid), "a second start leaves the same postmaster")

        let answer = try psql(conninfo: server.conninfo, "select 1")
        #expect(answer == "1")
        let database = try psql(conninfo: server.conninfo, "select current_database() || ' ' || current_user")
        #expect(database == "huibao postgres")

        try server.stop()
        #expect(server.status() == .stopped)
        #expect(!isLive(pid), "the postmaster is gone")

        #expect(try server.start() == true, "a stopped cluster starts again without initdb")
        #expect(try psql(conninfo: server.conninfo, "select 1") == "1")
        try server.stop()
        #expect(server.status() == .stopped)
    }

    /// A stopped postmaster can linger as a zombie until whoever adopted it reaps it; that counts as gone.
    private func isLive(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let afterName = stat.range(of: ") ")
        else { return false }
        return stat[afterName.upperBound...].first != "Z"
    }

    private func psql(conninfo: String, _ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", conninfo, "-c", sql]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "psql failed")
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// A fresh directory under the temp dir, deleted at the end of the test.
final class TemporaryDirectory {
    let path: String

    /// - Parameter ownedByServerUser: as root the cluster runs as `postgres`, which must be able to write here.
    init(ownedByServerUser: Bool = false) throws {
        let base = URL(fileURLWithPath: NSTemporaryDirectory(), isDirectory: true)
            .appendingPathComponent("huibao-test-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        path = base.path
        if ownedByServerUser && getuid() == 0 {
            let postgres = try #require(getpwnam("postgres"), "running the tests as root needs the postgres user")
            try #require(chown(path, postgres.pointee.pw_uid, postgres.pointee.pw_gid) == 0)
        }
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}
