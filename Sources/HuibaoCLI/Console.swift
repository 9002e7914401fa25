import Foundation

/// Where a command talks to the person running it: results on stdout, progress and notes on stderr.
enum Console {
    static var isTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
    static var stdinIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    static func note(_ line: String) {
        // Results printed so far go first, so a note never lands inside a table.
        fflush(nil)
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Asks a yes/no question on a terminal; anything but y/yes is no.
    static func confirm(_ question: String) -> Bool {
        FileHandle.standardError.write(Data((question + " [y/N] ").utf8))
        guard let answer = readLine() else { return false }
        return ["y", "yes", "是"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
    }
}

/// A one-line progress bar on a terminal (stderr); silent otherwise, so logs and pipes stay clean.
struct Progress {
    let total: Int
    let label: String
    private(set) var done = 0
    private let enabled = Console.stderrIsTerminal

    init(total: Int, label: String) {
        self.total = total
        self.label = label
    }

    mutating func advance(_ item: String = "") { advance(by: 1, item) }

    mutating func advance(by count: Int, _ item: String = "") {
        done += count
        guard enabled, total > 0 else { return }
        let width = 30
        let filled = width * done / total
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let tail = item.count > 40 ? "…" + item.suffix(39) : item
        FileHandle.standardError.write(Data("\r\u{1B}[K\(label) \(bar) \(done)/\(total) \(tail)".utf8))
        if done == total { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}

/// A failure while a command runs (not a usage mistake): printed as `Error: …` without the usage text.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
