public import Foundation
public import HuibaoCore

extension Extractor {
    /// Streams the metrics of a report file read in blocks, and then each report's header (title, department,
    /// span; no metrics), so memory stays flat however large the file: a first pass checks that it is UTF-8, a
    /// second reads it. Other encodings and .docx are decoded whole (`ReportFile.read`), as are files named
    /// with an `encoding` other than UTF-8. What comes out is what `extract(_:each:)` gives on the decoded
    /// text, except that a line of more than 4 MB (or four blocks) is also cut where a block ends.
    public func extract(
        file path: String,
        encoding: String? = nil,
        blockSize: Int = 1 << 20,
        each body: (Metric) -> Void,
        eachReport: (ExtractedReport) -> Void = { _ in }
    ) throws(InputError) {
        let namesUTF8 = encoding.map { $0.lowercased().replacingOccurrences(of: "-", with: "") == "utf8" } ?? true
        guard !path.lowercased().hasSuffix(".docx"), namesUTF8, try ReportStream.isUTF8(path, blockSize: blockSize)
        else {
            extract(try ReportFile.read(path: path, encoding: encoding), each: body).forEach(eachReport)
            return
        }
        try withoutActuallyEscaping(body) { body throws(InputError) in
            try withoutActuallyEscaping(eachReport) { eachReport throws(InputError) in
                var run = ExtractionRun(extractor: self)
                run.sink = body
                run.reportSink = eachReport
                var end = 0
                try ReportStream.blocks(path, blockSize: blockSize) { bytes, final in
                    end = bytes.withUnsafeBufferPointer { run.consume($0, final: final) }
                }
                _ = run.finish(end: end)
            }
        }
    }
}

/// A report file read block by block.
enum ReportStream {
    /// Bytes of one line held before it is read in pieces: past the 262,144 scalars at which extraction cuts a
    /// line anyway, so below this a file read in blocks gives exactly what its whole text gives.
    static let longLine = 1 << 22

    /// Whether the file is UTF-8 throughout (a UTF-16 byte order mark says it is not).
    static func isUTF8(_ path: String, blockSize: Int) throws(InputError) -> Bool {
        var valid = true
        var first = true
        var carry: [UInt8] = []
        // The first block that is not UTF-8 decides: the rest of a GB18030 file is read once, by the decoder.
        try read(path, blockSize: blockSize) { block, atEnd in
            if first, block.starts(with: [0xFF, 0xFE]) || block.starts(with: [0xFE, 0xFF]) { valid = false }
            first = false
            var bytes = carry + block
            let end = atEnd ? bytes.count : wholeScalarsEnd(bytes)
            carry = Array(bytes[end...])
            bytes.removeSubrange(end...)
            if ReportFile.firstInvalidUTF8(bytes) != nil { valid = false }
            return valid
        }
        return valid
    }

    /// Hands the file to `body` in pieces that end after a line break, or, inside a very long line, after a
    /// whole scalar; the last piece (maybe empty) with `final` set.
    static func blocks(
        _ path: String,
        blockSize: Int,
        _ body: (_ bytes: [UInt8], _ final: Bool) -> Void
    ) throws(InputError) {
        var carry: [UInt8] = []
        try read(path, blockSize: blockSize) { block, atEnd in
            carry.append(contentsOf: block)
            if atEnd {
                body(carry, true)
                carry = []
                return true
            }
            var cut = (carry.lastIndex(of: 10) ?? -1) + 1
            if cut == 0, carry.count > max(4 * blockSize, longLine) { cut = wholeScalarsEnd(carry) }
            guard cut > 0 else { return true }
            body(Array(carry[..<cut]), false)
            carry.removeSubrange(..<cut)
            return true
        }
    }

    /// Where the last whole scalar of `bytes` ends: before a sequence the block cut short.
    static func wholeScalarsEnd(_ bytes: [UInt8]) -> Int {
        var k = bytes.count
        while k > 0, bytes.count - k < 3, bytes[k - 1] & 0xC0 == 0x80 { k -= 1 }
        guard k > 0 else { return bytes.count }
        let lead = bytes[k - 1]
        let length = lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        return bytes.count - (k - 1) < length ? k - 1 : bytes.count
    }

    /// The file's blocks in order, until `body` returns false; the last call has `atEnd` set (its block maybe
    /// empty).
    private static func read(
        _ path: String,
        blockSize: Int,
        _ body: (_ block: [UInt8], _ atEnd: Bool) -> Bool
    ) throws(InputError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
            let handle = FileHandle(forReadingAtPath: path)
        else { throw ReportFile.unreadable(path) }
        defer { try? handle.close() }
        var offset = 0
        while true {
            let data: Data
            do {
                data = try handle.read(upToCount: blockSize) ?? Data()
            } catch {
                throw InputError(file: path, offset: offset, message: "reading stopped: \(error.localizedDescription)")
            }
            offset += data.count
            guard body([UInt8](data), data.isEmpty), !data.isEmpty else { return }
        }
    }
}
