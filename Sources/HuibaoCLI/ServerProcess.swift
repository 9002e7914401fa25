import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a PostgreSQL server program and collects its output, with posix_spawn rather than Foundation's `Process`.
///
/// swift-corelibs-foundation's `Process` learns that a child ended when a socket it hands to the child closes.
/// `pg_ctl start` leaves the postmaster running with that socket inherited, so `waitUntilExit()` hung until the
/// server stopped (reproduced in `LocalServerTests`). Here the child gets stdin, stdout and stderr and nothing else.
enum ServerProcess {
    struct Result {
        var status: Int32
        var output: String
    }

    static func run(
        _ executable: String,
        _ arguments: [String],
        directory: String,
        environment: [String: String],
        input: String? = nil
    ) throws(LocalServerError) -> Result {
        var output: [Int32] = [-1, -1]
        var inputPipe: [Int32] = [-1, -1]
        guard pipe(&output) == 0, input == nil || pipe(&inputPipe) == 0 else {
            throw LocalServerError(message: "cannot create a pipe: \(String(cString: strerror(errno)))")
        }
        // Close-on-exec, so a program that another thread spawns meanwhile does not inherit them.
        for fd in output + inputPipe where fd >= 0 { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if input != nil {
            posix_spawn_file_actions_adddup2(&actions, inputPipe[0], 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        posix_spawn_file_actions_adddup2(&actions, output[1], 2)
        closeOtherDescriptors(&actions)

        // The child starts with default signal handling, whatever this process blocks or ignores.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        // `sh` changes directory first: posix_spawn_file_actions_addchdir_np is not visible from Swift.
        let command = ["/bin/sh", "-c", "cd -- \"$0\" || exit 127; exec \"$@\"", directory, executable] + arguments
        let argv = command.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, envp)
        close(output[1])
        if input != nil { close(inputPipe[0]) }
        guard spawned == 0 else {
            close(output[0])
            if input != nil { close(inputPipe[1]) }
            throw LocalServerError(message: "cannot run \(executable): \(String(cString: strerror(spawned)))")
        }

        if let input {
            writeAll(Array(input.utf8), to: inputPipe[1])
            close(inputPipe[1])
        }
        let collected = readToEnd(output[0])
        close(output[0])

        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS are macros Swift does not import.
        let signal = status & 0x7f
        let exitStatus = signal == 0 ? (status >> 8) & 0xff : 128 + signal
        return Result(status: exitStatus, output: String(decoding: collected, as: UTF8.self))
    }

    /// Every descriptor from 3 up is closed in the child. glibc 2.34 has posix_spawn_file_actions_addclosefrom_np,
    /// which the Glibc module does not declare; it is looked up by name.
    private static func closeOtherDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        #if os(Linux)
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return }
        _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
        #endif
    }

    private static func writeAll(_ bytes: [UInt8], to fd: Int32) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return }
                offset += written
            }
        }
    }

    private static func readToEnd(_ fd: Int32) -> [UInt8] {
        var collected: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = read(fd, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return collected }
            collected.append(contentsOf: buffer[0..<count])
        }
    }
}
