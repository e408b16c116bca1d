/// What ``LedgerBenchmark/run(_:)`` measured.
public struct LedgerBenchmarkResult: Sendable, CustomStringConvertible {
    /// Keys in the synthetic ledger topic (one compacted entry each).
    public var keys: Int
    public var partitions: Int
    /// Producing the synthetic topic.
    public var fillSeconds: Double
    /// Assignment of every partition → all flowing, reading the whole topic (at most 4 partitions at once).
    public var fullLoadSeconds: Double
    /// Bytes of the ledger tables after the full load, over all partitions.
    public var ledgerBytes: Int
    /// Resident memory of the process before the full load and after it (from `/proc/self/statm`; 0 where unavailable).
    public var residentBytesBefore: Int
    public var residentBytesAfter: Int
    /// The peak resident memory during the full load (`VmHWM` after resetting it; 0 where unavailable).
    public var residentBytesPeakDuringLoad: Int
    /// Entries written while the partitions were revoked, then read by the incremental load.
    public var newKeys: Int
    /// Revoke → reassignment → all flowing, reading only the ``newKeys`` entries written meanwhile.
    public var incrementalLoadSeconds: Double
    /// Records the incremental load read (should equal ``newKeys``).
    public var incrementalRecordsRead: Int
    /// The pause a rebalance causes with every key held: reassignment → all flowing, nothing written meanwhile.
    public var rebalancePauseSeconds: Double

    /// Table bytes per key.
    public var bytesPerKey: Double { keys == 0 ? 0 : Double(ledgerBytes) / Double(keys) }
    /// Resident memory added by the full load, per key.
    public var residentBytesPerKey: Double { keys == 0 ? 0 : Double(residentBytesAfter - residentBytesBefore) / Double(keys) }

    public var description: String {
        func mib(_ bytes: Int) -> String { String(format: "%.1f MiB", Double(bytes) / 1_048_576) }
        return [
            "ledger benchmark: \(keys) keys in \(partitions) partitions (filled in \(String(format: "%.1f", fillSeconds)) s)",
            "  full load: \(String(format: "%.2f", fullLoadSeconds)) s (\(String(format: "%.0f", Double(keys) / max(fullLoadSeconds, 1e-9))) keys/s)",
            "  ledger tables: \(mib(ledgerBytes)) (\(String(format: "%.1f", bytesPerKey)) B/key)",
            "  resident: \(mib(residentBytesBefore)) before, \(mib(residentBytesAfter)) after (\(String(format: "%.1f", residentBytesPerKey)) B/key), peak during load \(mib(residentBytesPeakDuringLoad))",
            "  incremental load of \(newKeys) new entries: \(String(format: "%.3f", incrementalLoadSeconds)) s (\(incrementalRecordsRead) records read)",
            "  rebalance pause with every key held: \(String(format: "%.3f", rebalancePauseSeconds)) s",
        ].joined(separator: "\n")
    }
}
