extension Array {
    /// `removeAll(keepingCapacity: true)` for the buffers reused per line and per paragraph: that call goes
    /// through the generic `replaceSubrange` even when the array is already empty, as these often are.
    @inline(__always)
    mutating func removeAllKeepingCapacity() {
        if !isEmpty { removeAll(keepingCapacity: true) }
    }
}
