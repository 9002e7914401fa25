/// Lists of entries keyed by a scalar of the Basic Multilingual Plane, looked up with one array read instead
/// of hashing: extraction asks it for every character of a report.
struct ScalarIndex<Entry: Sendable>: Sendable {
    private var lists: [UInt32: [Entry]] = [:]
    /// For each scalar: where its entries start in `flat` (high 16 bits: count). Built by `seal()`.
    private var slots = [UInt32](repeating: 0, count: 0x10000)
    private(set) var flat: [Entry] = []

    mutating func append(_ entry: Entry, for scalar: UInt32) {
        guard scalar < 0x10000 else { return }
        lists[scalar, default: []].append(entry)
    }

    mutating func sortEach(by areInIncreasingOrder: (Entry, Entry) -> Bool) {
        for key in lists.keys { lists[key]!.sort(by: areInIncreasingOrder) }
        seal()
    }

    /// Lays the lists out in one array, so a lookup touches no per-scalar array (and no reference count).
    /// Call once after the last `append`; lookups before it find nothing.
    mutating func seal() {
        flat.removeAll(keepingCapacity: true)
        for i in slots.indices { slots[i] = 0 }
        for (scalar, entries) in lists.sorted(by: { $0.key < $1.key }) {
            slots[Int(scalar)] = UInt32(flat.count) | UInt32(entries.count) << 20
            flat.append(contentsOf: entries)
        }
    }

    /// The range of `flat` holding the entries of `scalar`; empty when there are none.
    @inline(__always)
    func range(of scalar: UInt32) -> Range<Int> {
        guard scalar < 0x10000 else { return 0..<0 }
        let slot = slots[Int(scalar)]
        let start = Int(slot & 0xFFFFF)
        return start..<(start + Int(slot >> 20))
    }

    subscript(scalar: UInt32) -> ArraySlice<Entry>? {
        let r = range(of: scalar)
        return r.isEmpty ? nil : flat[r]
    }

    @inline(__always)
    func contains(_ scalar: UInt32) -> Bool {
        scalar < 0x10000 && slots[Int(scalar)] != 0
    }
}

/// A set of scalars as a bit set over the Basic Multilingual Plane: membership is one load and a mask.
struct ScalarSet: Sendable, ExpressibleByArrayLiteral {
    private var words = [UInt64](repeating: 0, count: 1024)
    private var others: [UInt32] = []

    init(_ characters: String) {
        for s in characters.unicodeScalars { insert(s.value) }
    }

    init(_ scalars: some Sequence<UInt32>) {
        for s in scalars { insert(s) }
    }

    init(arrayLiteral elements: UInt32...) {
        for s in elements { insert(s) }
    }

    mutating func insert(_ s: UInt32) {
        if s < 0x10000 { words[Int(s >> 6)] |= 1 << UInt64(s & 63) } else { others.append(s) }
    }

    @inline(__always)
    func contains(_ s: UInt32) -> Bool {
        s < 0x10000 ? words[Int(s >> 6)] & (1 << UInt64(s & 63)) != 0 : others.contains(s)
    }
}
