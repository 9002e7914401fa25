import ArgumentParser
import Foundation
import HuibaoCore

/// The report files a command was given: files as named, folders searched for .txt/.md/.docx, in name order.
enum ReportFiles {
    static let extensions: Set<String> = ["txt", "md", "docx"]

    static func expand(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        let manager = FileManager.default
        for path in paths {
            var isFolder: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw CommandFailure("\(path): no such file or folder")
            }
            if !isFolder.boolValue {
                files.append(path)
                continue
            }
            guard let walker = manager.enumerator(atPath: path) else { continue }
            var found: [String] = []
            for case let relative as String in walker
            where extensions.contains((relative as NSString).pathExtension.lowercased()) {
                found.append((path as NSString).appendingPathComponent(relative))
            }
            files += found.sorted()
        }
        guard !files.isEmpty else {
            throw CommandFailure("no .txt, .md or .docx files in \(paths.joined(separator: ", "))")
        }
        return files
    }

    /// `621022-market_regulation.txt` → ("621022", "market_regulation").
    static func departmentHint(_ path: String) -> (region: String, kind: String)? {
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let parts = name.split(separator: "-", maxSplits: 1).map(String.init)
        guard parts.count == 2, parts[0].count == 6, parts[0].allSatisfy(\.isNumber),
            DepartmentKind.named(parts[1]) != nil
        else { return nil }
        return (parts[0], parts[1])
    }

    /// `…/2026-Q1/report.txt` → 2026-Q1.
    static func periodHint(_ path: String) -> Period? {
        Period(((path as NSString).deletingLastPathComponent as NSString).lastPathComponent)
    }
}
