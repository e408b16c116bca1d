/// Tracks the records of one partition between consumption and durable outcome, and yields the offset that can be
/// committed: one past the highest offset below which every record is done (the contiguous done mark).
///
/// Offsets must be begun in increasing order (as a partition delivers them); they may complete in any order.
public struct PartitionOffsetTracker: Sendable, Equatable {
    private var offsets: [Int64] = []
    private var done: [Bool] = []
    private var head = 0
    /// The next offset to commit (one past the contiguous done mark), or `nil` before anything completed.
    public private(set) var committableOffset: Int64?

    public init() {}

    /// Records begun and not yet below the done mark (including done ones waiting for an earlier record).
    public var pendingCount: Int { offsets.count - head }

    /// The offset a restart would resume from: the oldest record without a durable outcome, else the committable
    /// offset; `nil` before anything was tracked.
    public var resumeOffset: Int64? { head < offsets.count ? offsets[head] : committableOffset }

    /// Whether `offset` has been begun and is still pending.
    public func isPending(_ offset: Int64) -> Bool { position(of: offset) != nil }

    /// Starts tracking `offset`. Returns false (and ignores it) when it is not above every offset seen, as after a
    /// redelivery of something already tracked.
    @discardableResult
    public mutating func begin(_ offset: Int64) -> Bool {
        if let last = offsets.last, offset <= last { return false }
        if head == offsets.count, let committableOffset, offset < committableOffset { return false }
        offsets.append(offset)
        done.append(false)
        return true
    }

    /// Marks `offset` done. Returns the new committable offset when the done mark advanced, else `nil`.
    @discardableResult
    public mutating func complete(_ offset: Int64) -> Int64? {
        guard let index = position(of: offset), !done[index] else { return nil }
        done[index] = true
        guard index == head else { return nil }
        while head < offsets.count, done[head] { head += 1 }
        committableOffset = offsets[head - 1] + 1
        compactIfNeeded()
        return committableOffset
    }

    private func position(of offset: Int64) -> Int? {
        var low = head, high = offsets.count - 1
        while low <= high {
            let mid = (low + high) / 2
            if offsets[mid] == offset { return mid }
            if offsets[mid] < offset { low = mid + 1 } else { high = mid - 1 }
        }
        return nil
    }

    private mutating func compactIfNeeded() {
        guard head > 1024, head * 2 > offsets.count else { return }
        offsets.removeFirst(head)
        done.removeFirst(head)
        head = 0
    }
}
