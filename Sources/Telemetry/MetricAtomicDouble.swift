import Synchronization

/// A lock-free `Double` cell: the value is stored as its bit pattern in an `Atomic<UInt64>`.
///
/// Counters and gauges are updated per Kafka record, so additions use a compare-and-exchange loop instead of a lock.
final class MetricAtomicDouble: Sendable {
    private let bits: Atomic<UInt64>

    init(_ value: Double = 0) {
        bits = Atomic(value.bitPattern)
    }

    /// The current value.
    func load() -> Double {
        Double(bitPattern: bits.load(ordering: .relaxed))
    }

    /// Replaces the value.
    func store(_ value: Double) {
        bits.store(value.bitPattern, ordering: .relaxed)
    }

    /// Adds `delta` atomically; concurrent additions are never lost.
    func add(_ delta: Double) {
        var current = bits.load(ordering: .relaxed)
        while true {
            let desired = (Double(bitPattern: current) + delta).bitPattern
            let (exchanged, original) = bits.compareExchange(
                expected: current, desired: desired, ordering: .relaxed)
            if exchanged { return }
            current = original
        }
    }

    /// Replaces the value with `value` when that is higher, atomically; a lower `value` changes nothing.
    func raise(to value: Double) {
        var current = bits.load(ordering: .relaxed)
        while value > Double(bitPattern: current) {
            let (exchanged, original) = bits.compareExchange(
                expected: current, desired: value.bitPattern, ordering: .relaxed)
            if exchanged { return }
            current = original
        }
    }
}
