import Synchronization

/// The state of one histogram series: a count per bucket (not cumulative), the sum and the count.
///
/// One lock per series keeps the buckets, sum and count consistent with each other in every scrape.
final class HistogramCell: Sendable {
    struct Snapshot {
        /// Observations per bucket; the last element is the `+Inf` bucket.
        var bucketCounts: [UInt64]
        var sum: Double
        var count: UInt64
    }

    private let upperBounds: [Double]
    private let state: Mutex<Snapshot>

    init(upperBounds: [Double]) {
        self.upperBounds = upperBounds
        self.state = Mutex(Snapshot(bucketCounts: Array(repeating: 0, count: upperBounds.count + 1), sum: 0, count: 0))
    }

    /// Records one observation in the first bucket whose upper bound is at least `value`.
    func observe(_ value: Double) {
        // Linear search: the bucket lists are short and this avoids any allocation.
        var index = upperBounds.count
        for (position, bound) in upperBounds.enumerated() where value <= bound {
            index = position
            break
        }
        state.withLock { state in
            state.bucketCounts[index] &+= 1
            state.sum += value
            state.count &+= 1
        }
    }

    /// A consistent copy of the state.
    func snapshot() -> Snapshot {
        state.withLock { $0 }
    }
}
