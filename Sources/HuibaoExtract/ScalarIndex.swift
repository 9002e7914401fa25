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
///
/// The bits live behind a plain pointer, so a set is trivially copyable: reading one from a static or a
/// stored property costs no reference counting, which mattered, since sets are asked about every scalar.
/// Sets are made once (statics, or once per extractor) and live as long as the program; their 8 KB are
/// never freed.
struct ScalarSet: @unchecked Sendable, ExpressibleByArrayLiteral {
    private let words: UnsafeMutablePointer<UInt64>
    /// Scalars beyond the BMP, rare in these sets: a pointer and a count, for the same reason.
    private var others: UnsafeMutablePointer<UInt32>?
    private var otherCount = 0

    init(_ characters: String) {
        self.init(characters.unicodeScalars.map(\.value))
    }

    init(_ scalars: some Sequence<UInt32>) {
        words = .allocate(capacity: 1024)
        words.initialize(repeating: 0, count: 1024)
        var beyond: [UInt32] = []
        for s in scalars {
            if s < 0x10000 { words[Int(s >> 6)] |= 1 << UInt64(s & 63) } else { beyond.append(s) }
        }
        if !beyond.isEmpty {
            let pointer = UnsafeMutablePointer<UInt32>.allocate(capacity: beyond.count)
            pointer.initialize(from: beyond, count: beyond.count)
            others = pointer
            otherCount = beyond.count
        }
    }

    init(arrayLiteral elements: UInt32...) {
        self.init(elements)
    }

    @inline(__always)
    func contains(_ s: UInt32) -> Bool {
        if s < 0x10000 { return words[Int(s >> 6)] & (1 << UInt64(s & 63)) != 0 }
        guard let others else { return false }
        for i in 0..<otherCount where others[i] == s { return true }
        return false
    }
}
