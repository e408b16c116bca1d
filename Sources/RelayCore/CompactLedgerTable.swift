/// The idempotency ledger's storage: an open-addressing hash table of 16-byte slots in one flat array, with no object
/// per entry. Pure.
///
/// **A slot** holds a 96-bit fingerprint of the token (the key) and a 32-bit ``Mark``: whether the token is `done`, the
/// day of its latest entry, and a 15-bit tag of the event that created its line.
///
/// **False `done`.** Tokens are SHA-256 output, so fingerprints of distinct tokens are independent uniform 96-bit
/// values. A look-up of a token the table does not hold can only be answered by a slot whose fingerprint equals its
/// own, so with `n` tokens held it is answered wrongly with probability at most `p = n / 2^96` (`n = 10^8`:
/// `p < 1.3 · 10^-21`), and over `L` such look-ups at most `L · n / 2^96` (`L = 10^12`, three years at 10,000 new
/// events/s, against `10^8` tokens: `< 1.3 · 10^-9`). A false `done` would leave a payment unbooked; at these odds it
/// does not happen.
///
/// **Memory.** Robin Hood linear probing over `capacity` slots, any capacity (the home slot of a fingerprint is
/// `⌊high64 · capacity / 2^64⌋`, a range reduction that needs no power of two). The table grows by `capacity / 4`
/// (×1.25) before an insert would pass a load of 0.85, and is rebuilt at a load of 0.75 when removals leave it below
/// 0.68. So, whenever the table is larger than its minimum of 64 slots, the load is at least 0.68 and
/// `bytesUsed = 16 · capacity ≤ 16 · count / 0.68 < 23.6 · count`: **at most 24 bytes per key** (a table of fewer
/// than 44 keys holds its 1 KiB minimum). While growing or rebuilding, the old and the new array exist together for
/// a moment (≤ 2.25 × the table). Removal shifts the following slots back (no tombstones).
public struct CompactLedgerTable: Sendable {
    /// 96 bits of a token's digest; ``high`` also places it in the table.
    public struct Fingerprint: Sendable, Hashable {
        public let high: UInt64
        public let low: UInt32

        public init(high: UInt64, low: UInt32) {
            self.high = high
            self.low = low
        }
    }

    /// What the table keeps about a token, in 32 bits.
    public struct Mark: Sendable, Equatable {
        /// Whether the token's line exists (`done`); else a create may have been sent (`attempting`).
        public var isDone: Bool
        /// The day of the latest entry, as days since 1970 plus one (1...65535, through the year 2149).
        public var dayStamp: UInt16
        /// A 15-bit tag of the event that created the line (0: unknown); see ``EventFingerprint/tag``.
        public var creator: UInt16

        /// - Precondition: `dayStamp > 0` (0 marks an empty slot) and `creator < 2^15`.
        public init(isDone: Bool, dayStamp: UInt16, creator: UInt16) {
            precondition(dayStamp > 0 && creator < 0x8000, "CompactLedgerTable.Mark: dayStamp must be > 0 and creator < 2^15")
            self.isDone = isDone
            self.dayStamp = dayStamp
            self.creator = creator
        }

        fileprivate init(bits: UInt32) {
            isDone = bits & 0x8000 != 0
            dayStamp = UInt16(truncatingIfNeeded: bits >> 16)
            creator = UInt16(truncatingIfNeeded: bits & 0x7FFF)
        }

        fileprivate var bits: UInt32 { UInt32(dayStamp) << 16 | (isDone ? 0x8000 : 0) | UInt32(creator) }
    }

    /// The smallest capacity, in slots.
    public static let minimumCapacity = 64
    static let bytesPerSlot = 16

    /// Two words per slot: the fingerprint's high 64 bits, then its low 32 bits above the mark's 32 (a mark whose day
    /// stamp is 0 marks an empty slot).
    private var words: [UInt64]
    /// Slots in use.
    public private(set) var count = 0

    /// An empty table of the minimum capacity.
    public init() {
        words = [UInt64](repeating: 0, count: 2 * Self.minimumCapacity)
    }

    /// Slots allocated.
    public var capacity: Int { words.count / 2 }

    /// Bytes the table's storage occupies (16 per slot).
    public var bytesUsed: Int { capacity * Self.bytesPerSlot }

    /// The mark kept for `fingerprint`, or `nil`.
    public subscript(fingerprint: Fingerprint) -> Mark? {
        guard case let .found(index) = locate(fingerprint) else { return nil }
        return Mark(bits: UInt32(truncatingIfNeeded: words[2 * index + 1]))
    }

    /// Stores `combine(old)` for `fingerprint`, where `old` is its current mark (`nil` when absent); returns `old`.
    @discardableResult
    public mutating func upsert(_ fingerprint: Fingerprint, _ combine: (Mark?) -> Mark) -> Mark? {
        switch locate(fingerprint) {
        case let .found(index):
            let old = Mark(bits: UInt32(truncatingIfNeeded: words[2 * index + 1]))
            words[2 * index + 1] = Self.lowWord(fingerprint, combine(old))
            return old
        case .absent:
            if (count + 1) * 20 > capacity * 17 {
                rebuild(capacity: capacity + capacity / 4)
            }
            insertNew(high: fingerprint.high, low: Self.lowWord(fingerprint, combine(nil)))
            return nil
        }
    }

    /// Removes every slot whose mark satisfies `shouldRemove`; rebuilds smaller when the table is left sparse.
    /// Returns how many were removed.
    @discardableResult
    public mutating func removeAll(where shouldRemove: (Mark) -> Bool) -> Int {
        var removed = 0
        var index = 0
        while index < capacity {
            let low = words[2 * index + 1]
            if Self.isOccupied(low), shouldRemove(Mark(bits: UInt32(truncatingIfNeeded: low))) {
                // The next slots shift back into this one: look at it again.
                remove(at: index)
                removed += 1
            } else {
                index += 1
            }
        }
        if capacity > Self.minimumCapacity, count * 25 < capacity * 17 {
            rebuild(capacity: max(Self.minimumCapacity, (count * 4 + 2) / 3))
        }
        return removed
    }

    /// Calls `body` with every mark held (in slot order).
    public func forEachMark(_ body: (Mark) -> Void) {
        for index in 0..<capacity where Self.isOccupied(words[2 * index + 1]) {
            body(Mark(bits: UInt32(truncatingIfNeeded: words[2 * index + 1])))
        }
    }

    // MARK: Probing

    private enum Location {
        case found(Int)
        case absent
    }

    /// Robin Hood look-up: stops at an empty slot, or at one whose occupant sits closer to its home than the probe
    /// has travelled (the fingerprint would have displaced it).
    private func locate(_ fingerprint: Fingerprint) -> Location {
        let capacity = self.capacity
        var index = Self.home(fingerprint.high, capacity)
        var distance = 0
        while true {
            let low = words[2 * index + 1]
            guard Self.isOccupied(low) else { return .absent }
            let high = words[2 * index]
            if high == fingerprint.high, UInt32(truncatingIfNeeded: low >> 32) == fingerprint.low { return .found(index) }
            if Self.distance(of: high, at: index, capacity) < distance { return .absent }
            distance += 1
            index += 1
            if index == capacity { index = 0 }
        }
    }

    /// Inserts a fingerprint known to be absent, with room for it.
    private mutating func insertNew(high: UInt64, low: UInt64) {
        let capacity = self.capacity
        var carried = (high: high, low: low)
        var index = Self.home(high, capacity)
        var distance = 0
        while true {
            let residentLow = words[2 * index + 1]
            guard Self.isOccupied(residentLow) else {
                words[2 * index] = carried.high
                words[2 * index + 1] = carried.low
                count += 1
                return
            }
            let residentHigh = words[2 * index]
            let residentDistance = Self.distance(of: residentHigh, at: index, capacity)
            if residentDistance < distance {
                words[2 * index] = carried.high
                words[2 * index + 1] = carried.low
                carried = (residentHigh, residentLow)
                distance = residentDistance
            }
            distance += 1
            index += 1
            if index == capacity { index = 0 }
        }
    }

    /// Backward-shift deletion: the following slots that are away from their home move back one.
    private mutating func remove(at start: Int) {
        let capacity = self.capacity
        var hole = start
        while true {
            var next = hole + 1
            if next == capacity { next = 0 }
            let low = words[2 * next + 1]
            guard Self.isOccupied(low), Self.distance(of: words[2 * next], at: next, capacity) > 0 else { break }
            words[2 * hole] = words[2 * next]
            words[2 * hole + 1] = low
            hole = next
        }
        words[2 * hole] = 0
        words[2 * hole + 1] = 0
        count -= 1
    }

    private mutating func rebuild(capacity newCapacity: Int) {
        let old = words
        words = [UInt64](repeating: 0, count: 2 * newCapacity)
        count = 0
        for index in 0..<(old.count / 2) where Self.isOccupied(old[2 * index + 1]) {
            insertNew(high: old[2 * index], low: old[2 * index + 1])
        }
    }

    // MARK: Slot arithmetic

    private static func home(_ high: UInt64, _ capacity: Int) -> Int {
        Int(truncatingIfNeeded: high.multipliedFullWidth(by: UInt64(capacity)).high)
    }

    private static func distance(of high: UInt64, at index: Int, _ capacity: Int) -> Int {
        let home = home(high, capacity)
        return index >= home ? index - home : index + capacity - home
    }

    private static func isOccupied(_ low: UInt64) -> Bool { low & 0xFFFF_0000 != 0 }

    private static func lowWord(_ fingerprint: Fingerprint, _ mark: Mark) -> UInt64 {
        UInt64(fingerprint.low) << 32 | UInt64(mark.bits)
    }
}
