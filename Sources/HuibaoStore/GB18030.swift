import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// UTF-8 → GB18030 through the C library's iconv: Foundation on Linux has no GB18030 encoder, and the older
/// Excel and WPS installs in county offices open GB18030 CSV without an import dialog.
enum GB18030 {
    static func encode(_ text: String) throws -> Data {
        let converter = iconv_open("GB18030", "UTF-8")
        guard let converter, converter != iconv_t(bitPattern: -1) else {
            throw StoreError(.unavailable, "this system's iconv cannot write GB18030; use --encoding utf8-bom")
        }
        defer { iconv_close(converter) }
        guard !text.isEmpty else { return Data() }
        var input = Array(text.utf8)
        var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
        let written: Int = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(source.baseAddress!)
                    .assumingMemoryBound(to: CChar.self)
                var inLeft = source.count
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(target.baseAddress!)
                    .assumingMemoryBound(to: CChar.self)
                var outLeft = target.count
                let status = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                return status == -1 || inLeft != 0 ? -1 : target.count - outLeft
            }
        }
        guard written >= 0 else {
            throw StoreError(.invalid, "the briefing has a character GB18030 cannot hold; use --encoding utf8-bom")
        }
        return Data(output[0..<written])
    }
}
