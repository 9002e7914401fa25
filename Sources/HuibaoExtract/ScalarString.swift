/// Scalars to a String through UTF-8 bytes: much faster than appending to a `String.UnicodeScalarView`.
///
/// The capacity asked for is the exact UTF-8 length: up to 15 bytes (five Chinese characters) the string is
/// then stored inline and allocates nothing, which most quotes, units and periods are.
func scalarString(_ p: [UInt32], _ start: Int, _ end: Int) -> String {
    guard start < end else { return "" }
    var length = 0
    for i in start..<end {
        let v = p[i]
        length += v < 0x80 ? 1 : v < 0x800 ? 2 : (v < 0x10000 || v > 0x10FFFF) ? 3 : 4
    }
    return String(unsafeUninitializedCapacity: length) { buffer in
        var n = 0
        for i in start..<end {
            var v = p[i]
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
        return n
    }
}
