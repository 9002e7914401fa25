public import Foundation
public import HuibaoCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns a report file's bytes into text: the encodings county offices actually send, and .docx.
public enum ReportFile {
    /// Reads .txt/.md/.docx; detects UTF-8 (BOM or not), UTF-16 with BOM, GB18030/GBK; `encoding` overrides.
    /// Bytes that fit no encoding → InputError naming file and byte offset.
    public static func read(path: String, encoding: String? = nil) throws(InputError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw unreadable(path) }
        if path.lowercased().hasSuffix(".docx") {
            return try WordDocument.text(of: data, file: path)
        }
        return try decode([UInt8](data), file: path, encoding: encoding)
    }

    /// Why `path` gives no bytes: missing, a folder, or not readable.
    static func unreadable(_ path: String) -> InputError {
        var isDirectory: ObjCBool = false
        let message =
            !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            ? "no such file"
            : isDirectory.boolValue ? "is a folder, not a report file" : "cannot be read (check its permissions)"
        return InputError(file: path, message: message)
    }

    public static func decode(_ bytes: [UInt8], file: String, encoding: String? = nil) throws(InputError) -> String {
        if let encoding {
            switch encoding.lowercased().replacingOccurrences(of: "-", with: "") {
            case "utf8": return try utf8(bytes, file: file)
            case "gb18030", "gbk", "gb2312": return try gb18030(bytes, file: file)
            case "utf16", "utf16le", "utf16be": return try utf16(bytes, file: file)
            default:
                throw InputError(file: file, message: "unknown encoding '\(encoding)' (utf8, gb18030, utf16)")
            }
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            return try utf16(bytes, file: file)
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return try utf8(bytes, file: file) }
        if firstInvalidUTF8(bytes) == nil { return String(decoding: bytes, as: UTF8.self) }
        // Not UTF-8: GB18030 is the superset of GBK and GB2312 that Chinese Windows writes.
        switch convertGB18030(bytes) {
        case .success(let text): return text
        case .failure(let failure):
            // Name the later of the two failure points: the one that got furthest through the file.
            let offset = max(firstInvalidUTF8(bytes) ?? 0, failure.offset)
            throw InputError(file: file, offset: offset, message: "not text in UTF-8, GB18030 or UTF-16")
        }
    }

    // MARK: - Encodings

    /// A byte order mark stays in the text as U+FEFF, as Python's `open(encoding="utf-8")` keeps it, so that
    /// offsets agree with other tools reading the same file; extraction skips it.
    private static func utf8(_ bytes: [UInt8], file: String) throws(InputError) -> String {
        if let bad = firstInvalidUTF8(bytes) {
            throw InputError(file: file, offset: bad, message: "invalid UTF-8")
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The byte offset of the first byte that breaks UTF-8, or nil when all of it is valid.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                i += 1
                continue
            }
            let length: Int
            var minimum: UInt32
            if b & 0xE0 == 0xC0 {
                length = 2
                minimum = 0x80
            } else if b & 0xF0 == 0xE0 {
                length = 3
                minimum = 0x800
            } else if b & 0xF8 == 0xF0 {
                length = 4
                minimum = 0x10000
            } else {
                return i
            }
            guard i + length <= n else { return i }
            var scalar = UInt32(b) & (0x7F >> UInt32(length))
            for k in 1..<length {
                let c = bytes[i + k]
                guard c & 0xC0 == 0x80 else { return i }
                scalar = scalar << 6 | UInt32(c & 0x3F)
            }
            if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return i }
            minimum = 0
            i += length
        }
        return nil
    }

    private static func utf16(_ bytes: [UInt8], file: String) throws(InputError) -> String {
        var bigEndian = false
        var start = 0
        if bytes.starts(with: [0xFE, 0xFF]) {
            bigEndian = true
            start = 2
        } else if bytes.starts(with: [0xFF, 0xFE]) {
            start = 2
        }
        guard (bytes.count - start) % 2 == 0 else {
            throw InputError(file: file, offset: bytes.count - 1, message: "UTF-16 text with an odd number of bytes")
        }
        var units: [UInt16] = []
        units.reserveCapacity((bytes.count - start) / 2)
        var i = start
        while i + 1 < bytes.count {
            units.append(
                bigEndian ? UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1]) : UInt16(bytes[i + 1]) << 8 | UInt16(bytes[i])
            )
            i += 2
        }
        var result = String.UnicodeScalarView()
        var decoder = UTF16()
        var iterator = units.makeIterator()
        var consumed = 0
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                result.append(scalar)
                consumed += scalar.value > 0xFFFF ? 2 : 1
            case .emptyInput: break loop
            case .error:
                throw InputError(file: file, offset: start + consumed * 2, message: "invalid UTF-16")
            }
        }
        return String(result)
    }

    private static func gb18030(_ bytes: [UInt8], file: String) throws(InputError) -> String {
        switch convertGB18030(bytes) {
        case .success(let text): return text
        case .failure(let failure): throw InputError(file: file, offset: failure.offset, message: "invalid GB18030")
        }
    }

    struct ConversionFailure: Error { var offset: Int }

    /// GB18030 through iconv: Foundation on Linux has no GB18030 decoder.
    static func convertGB18030(_ bytes: [UInt8]) -> Result<String, ConversionFailure> {
        let converter = iconv_open("UTF-8", "GB18030")
        guard let converter, converter != iconv_t(bitPattern: -1) else { return .failure(ConversionFailure(offset: 0)) }
        defer { iconv_close(converter) }
        var output = [UInt8](repeating: 0, count: bytes.count * 2 + 16)
        var input = bytes
        let total = input.count
        var inLeft = total
        var outLeft = output.count
        let failed: Bool = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuffer.baseAddress)?
                    .assumingMemoryBound(to: CChar.self)
                var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress)?
                    .assumingMemoryBound(to: CChar.self)
                if total == 0 { return false }
                return iconv(converter, &inPtr, &inLeft, &outPtr, &outLeft) == -1
            }
        }
        if failed || inLeft > 0 { return .failure(ConversionFailure(offset: total - inLeft)) }
        return .success(String(decoding: output[0..<(output.count - outLeft)], as: UTF8.self))
    }
}
