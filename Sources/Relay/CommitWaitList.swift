/// The completed records of one partition whose offset is not stored yet (an earlier record is still being
/// booked), with their times: the `commit` stage and `relay_record_seconds` are observed when the contiguous done
/// mark passes them.
struct CommitWaitList {
    struct Entry {
        let offset: Int64
        /// Monotonic times of the service clock (`uptime()`).
        let completedAt: Duration
        let polledAt: Duration
    }

    /// Sorted by offset (completions come mostly in order, so an insert is mostly an append).
    private var entries: [Entry] = []

    var isEmpty: Bool { entries.isEmpty }

    mutating func add(_ entry: Entry) {
        var index = entries.endIndex
        while index > entries.startIndex, entries[index - 1].offset > entry.offset { index -= 1 }
        entries.insert(entry, at: index)
    }

    /// Removes and returns the entries below `nextOffset` (the offset just stored: one past the done mark).
    mutating func removeStored(below nextOffset: Int64) -> [Entry] {
        guard let first = entries.first, first.offset < nextOffset else { return [] }
        let end = entries.firstIndex { $0.offset >= nextOffset } ?? entries.endIndex
        defer { entries.removeFirst(end) }
        return Array(entries[..<end])
    }
}
