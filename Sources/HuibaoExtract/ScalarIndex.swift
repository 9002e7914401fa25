/// Lists of entries keyed by a scalar of the Basic Multilingual Plane, looked up with one array read instead
/// of hashing: extraction asks it for every character of a report.
struct ScalarIndex<Entry: Sendable>: Sendable {
    private var slots = [UInt16](repeating: 0, count: 0x10000)
    private var buckets: [[Entry]] = []

    mutating func append(_ entry: Entry, for scalar: UInt32) {
        guard scalar < 0x10000 else { return }
        let slot = Int(slots[Int(scalar)])
        if slot == 0 {
            buckets.append([entry])
            slots[Int(scalar)] = UInt16(buckets.count)
        } else {
            buckets[slot - 1].append(entry)
        }
    }

    mutating func sortEach(by areInIncreasingOrder: (Entry, Entry) -> Bool) {
        for i in buckets.indices { buckets[i].sort(by: areInIncreasingOrder) }
    }

    @inline(__always)
    subscript(scalar: UInt32) -> [Entry]? {
        guard scalar < 0x10000 else { return nil }
        let slot = Int(slots[Int(scalar)])
        return slot == 0 ? nil : buckets[slot - 1]
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
