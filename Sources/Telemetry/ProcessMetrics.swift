/// The standard process metrics of Prometheus client libraries, sampled from ``ProcessStats`` at every scrape:
/// `process_cpu_seconds_total`, `process_resident_memory_bytes`, `process_open_fds`, `process_start_time_seconds`.
public enum ProcessMetrics {
    /// Registers the four metrics in `registry` with a collect hook that samples `source` (by default `/proc`); where
    /// `source` answers `nil` (not Linux) the metrics stay at 0.
    public static func register(in registry: MetricsRegistry,
                                source: @escaping @Sendable () -> ProcessStats? = { ProcessStats.read() }) {
        let cpu = registry.counter("process_cpu_seconds_total", help: "Total user and system CPU time spent in seconds.")
        let resident = registry.gauge("process_resident_memory_bytes", help: "Resident memory size in bytes.")
        let fds = registry.gauge("process_open_fds", help: "Number of open file descriptors.")
        let start = registry.gauge("process_start_time_seconds", help: "Start time of the process since unix epoch in seconds.")
        registry.collect {
            guard let stats = source() else { return }
            cpu.raise(to: stats.cpuSeconds)
            resident.set(stats.residentMemoryBytes)
            fds.set(Double(stats.openFileDescriptors))
            start.set(stats.startTimeSeconds)
        }
    }
}
