/// Scalars to a String through UTF-8 bytes: much faster than appending to a `String.UnicodeScalarView`.
///
/// The bytes are written in one pass into a temporary buffer (on the stack for the short strings extraction
/// makes: quotes, units, subjects, periods), then validated and copied once by `String(decoding:as:)`.
/// Up to 15 bytes (five Chinese characters) the string is stored inline and allocates nothing.
func scalarString(_ p: [UInt32], _ start: Int, _ end: Int) -> String {
    guard start < end else { return "" }
    return p.withUnsafeBufferPointer { scalars in
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: (end - start) * 4) { buffer in
            var n = 0
            for i in start..<end {
                var v = scalars[i]
                if v >= 0xD800 && v <= 0xDFFF || v > 0x10FFFF { v = 0xFFFD }
                if v < 0x80 {
                    buffer[n] = UInt8(v)
                    n += 1
                } else if v < 0x800 {
                    buffer[n] = UInt8(0xC0 | (v >> 6))
                    buffer[n + 1] = UInt8(0x80 | (v & 0x3F))
                    n += 2
                } else if v < 0x10000 {
                    buffer[n] = UInt8(0xE0 | (v >> 12))
                    buffer[n + 1] = UInt8(0x80 | ((v >> 6) & 0x3F))
                    buffer[n + 2] = UInt8(0x80 | (v & 0x3F))
                    n += 3
                } else {
                    buffer[n] = UInt8(0xF0 | (v >> 18))
                    buffer[n + 1] = UInt8(0x80 | ((v >> 12) & 0x3F))
                    buffer[n + 2] = UInt8(0x80 | ((v >> 6) & 0x3F))
                    buffer[n + 3] = UInt8(0x80 | (v & 0x3F))
                    n += 4
                }
            }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[0..<n]), as: UTF8.self)
        }
    }
}
