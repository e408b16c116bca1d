import Foundation

/// What the process metrics report, read from Linux's `/proc/self` (see ``read()``); parsing is pure and tested.
public struct ProcessStats: Sendable, Equatable {
    /// User plus system CPU time, in seconds.
    public var cpuSeconds: Double
    /// Resident set size, in bytes.
    public var residentMemoryBytes: Double
    /// Open file descriptors.
    public var openFileDescriptors: Int
    /// When the process started, in seconds since the Unix epoch.
    public var startTimeSeconds: Double

    public init(cpuSeconds: Double, residentMemoryBytes: Double, openFileDescriptors: Int, startTimeSeconds: Double) {
        self.cpuSeconds = cpuSeconds
        self.residentMemoryBytes = residentMemoryBytes
        self.openFileDescriptors = openFileDescriptors
        self.startTimeSeconds = startTimeSeconds
    }

    /// The fields of `/proc/self/stat` the metrics need: `utime` and `stime` (fields 14 and 15) and `starttime`
    /// (22), in clock ticks. The command name (field 2) may hold spaces and parentheses, so fields are counted after
    /// its LAST `)`. `nil` when the line does not have them.
    public static func statTicks(_ line: String) -> (user: UInt64, system: UInt64, start: UInt64)? {
        guard let close = line.lastIndex(of: ")") else { return nil }
        // After the command: field 3 (state) is at index 0, so field n is at index n - 3.
        let fields = line[line.index(after: close)...].split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count > 19, let user = UInt64(fields[11]), let system = UInt64(fields[12]),
              let start = UInt64(fields[19]) else { return nil }
        return (user, system, start)
    }

    /// The resident pages, the second field of `/proc/self/statm`.
    public static func residentPages(_ statm: String) -> UInt64? {
        let fields = statm.split(whereSeparator: \.isWhitespace)
        return fields.count > 1 ? UInt64(fields[1]) : nil
    }

    /// The boot time in seconds since the epoch, from `/proc/stat`'s `btime` line.
    public static func bootTime(_ stat: String) -> UInt64? {
        for line in stat.split(separator: "\n") where line.hasPrefix("btime ") {
            return UInt64(line.dropFirst("btime ".count).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }

    /// The current figures, or `nil` where `/proc` is not available (not Linux).
    public static func read() -> ProcessStats? {
        #if os(Linux)
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8), let ticks = statTicks(stat),
              let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8), let pages = residentPages(statm),
              let fds = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return nil }
        let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
        let pageSize = Double(sysconf(Int32(_SC_PAGESIZE)))
        let boot = (try? String(contentsOfFile: "/proc/stat", encoding: .utf8)).flatMap(bootTime) ?? 0
        guard ticksPerSecond > 0 else { return nil }
        return ProcessStats(cpuSeconds: Double(ticks.user + ticks.system) / ticksPerSecond,
                            residentMemoryBytes: Double(pages) * pageSize,
                            // The listing itself holds one descriptor open on /proc/self/fd.
                            openFileDescriptors: max(0, fds.count - 1),
                            startTimeSeconds: Double(boot) + Double(ticks.start) / ticksPerSecond)
        #else
        return nil
        #endif
    }
}
