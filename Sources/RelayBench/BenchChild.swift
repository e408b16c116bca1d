import Foundation
import RelayCLI
import RelayTestKit
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// CPU and memory of one process, read from `/proc/<pid>`.
struct ProcessSample: Sendable, Equatable {
    /// utime + stime, seconds.
    var cpuSeconds: Double
    /// VmHWM: peak resident set, bytes.
    var peakRSS: Int
    /// VmRSS: resident set now, bytes.
    var rss: Int

    static let clockTicks = Double(sysconf(Int32(_SC_CLK_TCK)))

    static func read(pid: Int32) -> ProcessSample? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        return parse(stat: stat, status: status)
    }

    /// Parses `/proc/<pid>/stat` (utime and stime are fields 14 and 15, counted after the `(comm)` field) and
    /// `/proc/<pid>/status` (`VmHWM:`, `VmRSS:` in kB).
    static func parse(stat: String, status: String) -> ProcessSample? {
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // fields[0] is the state (field 3), so field n is fields[n - 3].
        guard fields.count > 12, let utime = Double(fields[11]), let stime = Double(fields[12]) else { return nil }
        func kilobytes(_ name: String) -> Int? {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name) }) else { return nil }
            return line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Int($0) }
        }
        guard let hwm = kilobytes("VmHWM:"), let rss = kilobytes("VmRSS:") else { return nil }
        return ProcessSample(cpuSeconds: (utime + stime) / clockTicks, peakRSS: hwm * 1024, rss: rss * 1024)
    }
}

/// The whole machine's CPU time from `/proc/stat` (first line), to tell whether the cores were saturated.
struct MachineCPU: Sendable, Equatable {
    /// Busy time (user, nice, system, irq, softirq, steal), seconds summed over cores.
    var busy: Double
    /// Busy + idle + iowait, seconds summed over cores.
    var total: Double

    static func read() -> MachineCPU? {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8) else { return nil }
        return parse(text)
    }

    static func parse(_ text: String) -> MachineCPU? {
        guard let line = text.split(separator: "\n").first, line.hasPrefix("cpu ") else { return nil }
        let values = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard values.count >= 8 else { return nil }
        // user nice system idle iowait irq softirq steal
        let busy = values[0] + values[1] + values[2] + values[5] + values[6] + values[7]
        let total = busy + values[3] + values[4]
        return MachineCPU(busy: busy / ProcessSample.clockTicks, total: total / ProcessSample.clockTicks)
    }

    /// Busy fraction of all cores between `earlier` and `self`.
    func utilization(since earlier: MachineCPU) -> Double? {
        let total = self.total - earlier.total
        return total > 0 ? (busy - earlier.busy) / total : nil
    }
}

/// A child process: `payment-relay run` (the relay executable built beside this one), or a bench role (this
/// executable again) with its own environment, its
/// stderr in a log file, and its CPU and memory sampled from `/proc` while it lives.
final class BenchChild: @unchecked Sendable {
    let name: String
    let process = Process()
    let logURL: URL
    let startedAt = Date()
    private let latest = Mutex<ProcessSample?>(nil)
    private let sampling = Mutex(true)
    private var profiler: Process?

    /// This executable (`payment-relay-bench`), for the bench's own roles.
    static var benchExecutableURL: URL { URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath() }
    /// The relay (`payment-relay`), built into the same directory by `swift build` / `swift run`.
    static var relayExecutableURL: URL { benchExecutableURL.deletingLastPathComponent().appendingPathComponent("payment-relay") }

    /// The children started and not yet exited, for ``killAll()``.
    private static let running = Mutex<Set<Int32>>([])

    /// Kills every child still running. The bench calls it when it is itself stopped (SIGINT, SIGTERM): a child
    /// process outlives its parent otherwise, and a relay left running keeps a core busy.
    static func killAll() {
        for pid in running.withLock({ $0 }) { Foundation.kill(pid, SIGKILL) }
    }

    init(name: String, executable: URL, arguments: [String], environment: [String: String]) throws {
        self.name = name
        logURL = FileManager.default.temporaryDirectory.appendingPathComponent("payment-relay-bench-\(name)-\(UUID().uuidString.prefix(8)).log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        process.executableURL = executable
        process.arguments = arguments
        var inherited = ProcessInfo.processInfo.environment.filter { key, _ in
            !key.hasPrefix("KAFKA_") && !key.hasPrefix("BC_") && !key.hasPrefix("RELAY_") && !key.hasPrefix("BENCH_") && key != "LOG_LEVEL" && key != "LOG_FORMAT"
        }
        inherited.merge(environment) { _, new in new }
        process.environment = inherited
        let log = try FileHandle(forWritingTo: logURL)
        process.standardError = log
        process.standardOutput = log
        process.terminationHandler = { exited in _ = Self.running.withLock { $0.remove(exited.processIdentifier) } }
        try process.run()
        let pid = process.processIdentifier
        Self.running.withLock { _ = $0.insert(pid) }
        if !process.isRunning { _ = Self.running.withLock { $0.remove(pid) } }   // exited before it was registered
        if let prefix = ProcessInfo.processInfo.environment["BENCH_PROFILE"], !prefix.isEmpty, name.hasPrefix(prefix) {
            // CPU profile of this child alone: perf attached to its pid, stopped before the child is.
            let perf = Process()
            perf.executableURL = URL(fileURLWithPath: "/usr/bin/perf")
            perf.arguments = ["record", "-e", "cpu-clock", "-F", "499", "-g", "-p", String(pid), "-o", "/tmp/perf.\(name).\(pid).data"]
            perf.standardOutput = FileHandle.nullDevice
            perf.standardError = FileHandle.nullDevice
            try? perf.run()
            profiler = perf
        }
        let thread = Thread { [self] in
            while sampling.withLock({ $0 }) {
                if let sample = ProcessSample.read(pid: pid) { latest.withLock { $0 = sample } }
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
        thread.name = "bench-sample-\(name)"
        thread.start()
    }

    deinit {
        sampling.withLock { $0 = false }
        if process.isRunning { kill() }
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    /// A fresh sample while the child runs, else the last one taken.
    func sample() -> ProcessSample? {
        if let fresh = ProcessSample.read(pid: pid) {
            latest.withLock { $0 = fresh }
            return fresh
        }
        return latest.withLock { $0 }
    }

    /// Waits for the profiler (if any) to finish writing: `perf record -p` ends with the process it follows.
    /// (It cannot be stopped earlier: it inherits this thread's blocked signal mask, so SIGINT never arrives.)
    private func waitForProfiler() {
        guard let profiler else { return }
        let deadline = ContinuousClock.now + .seconds(30)
        while profiler.isRunning, ContinuousClock.now < deadline { usleep(50_000) }
        if profiler.isRunning { Foundation.kill(profiler.processIdentifier, SIGKILL) }
    }

    /// SIGKILL and reap.
    func kill() {
        defer { waitForProfiler() }
        Foundation.kill(pid, SIGKILL)
        process.waitUntilExit()
        sampling.withLock { $0 = false }
    }

    /// SIGTERM and wait for the exit; SIGKILL after `timeout`. Returns the exit status, `nil` if killed.
    @discardableResult
    func terminate(timeout: Duration = .seconds(30)) -> Int32? {
        defer { waitForProfiler() }
        Foundation.kill(pid, SIGTERM)
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { usleep(20_000) }
        sampling.withLock { $0 = false }
        if process.isRunning {
            kill()
            return nil
        }
        return process.terminationStatus
    }

    /// Waits for the child to exit by itself.
    func waitForExit(timeout: Duration) -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { usleep(20_000) }
        if process.isRunning { return nil }
        sampling.withLock { $0 = false }
        return process.terminationStatus
    }

    var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    /// The last lines the child logged (for error messages).
    var logTail: String { log.split(separator: "\n").suffix(8).joined(separator: "\n") }

    func removeLog() { try? FileManager.default.removeItem(at: logURL) }

    /// The operations port the relay logged at start-up (`http.port`), once it did.
    func operationsPort(timeout: Duration) -> Int? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let handle = try? FileHandle(forReadingFrom: logURL) {
                let head = (try? handle.read(upToCount: 65_536)) ?? nil
                try? handle.close()
                if let head, let port = Self.port(inLog: String(decoding: head, as: UTF8.self)) { return port }
            }
            if !process.isRunning { return nil }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }

    /// Finds `"http.port":"N"` (JSON logs) or `http.port=N` (text logs).
    static func port(inLog text: String) -> Int? {
        for marker in ["\"http.port\":\"", "http.port="] {
            guard let range = text.range(of: marker) else { continue }
            let digits = text[range.upperBound...].prefix { $0.isNumber }
            if let port = Int(digits) { return port }
        }
        return nil
    }
}

/// Reads a relay's `/metrics` (Prometheus text) over HTTP.
struct MetricsProbe: Sendable {
    let port: Int

    func scrape() -> String? {
        guard let url = URL(string: "http://127.0.0.1:\(port)/metrics") else { return nil }
        let result = Mutex<String?>(nil)
        let done = DispatchSemaphore(value: 0)
        var request = URLRequest(url: url)
        request.timeoutInterval = 2
        URLSession.shared.dataTask(with: request) { data, _, _ in
            result.withLock { $0 = data.map { String(decoding: $0, as: UTF8.self) } }
            done.signal()
        }.resume()
        _ = done.wait(timeout: .now() + 3)
        return result.withLock { $0 }
    }

    /// The partitions whose ledger is loaded (`relay_ledger_entries{partition="N"}`): the ones flowing here.
    static func loadedPartitions(_ text: String) -> Set<Int32> {
        guard let scrape = try? PrometheusTextParser.parse(text) else { return [] }
        return Set(scrape.samples(named: "relay_ledger_entries").compactMap { $0.labels["partition"].flatMap { Int32($0) } })
    }

    /// The sum of a metric family's samples (all label sets), e.g. `relay_outcomes_total`.
    static func total(_ name: String, in text: String) -> Double {
        guard let scrape = try? PrometheusTextParser.parse(text) else { return 0 }
        return scrape.samples(named: name).reduce(0) { $0 + $1.value }
    }
}
