import Foundation

/// This process's memory: resident sizes from `/proc` (Linux; 0 elsewhere) for the ledger benchmark, and giving freed
/// memory back after a ledger load.
enum ProcessMemory {
    /// Resident bytes now (`/proc/self/statm`, second field, in pages).
    static func resident() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// The peak resident bytes since the process started or since ``resetPeak()`` (`VmHWM` in `/proc/self/status`).
    static func peak() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kilobytes * 1024
    }

    /// Hands memory that is free but kept by the allocator back to the system (glibc's `malloc_trim`, found at run time;
    /// nothing elsewhere). A load's consumer buffers are freed in its thread's malloc arena, which glibc keeps: measured
    /// with 1 million keys, resident memory grew by 54 MiB for 19.5 MiB of tables, and by 27 MiB once trimmed.
    static func releaseFreeMemory() {
        #if os(Linux)
        typealias Trim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(nil, "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: Trim.self)(0)
        #endif
    }

    /// Resets the peak to the current resident size (`5` into `/proc/self/clear_refs`, Linux 4.0+); best effort.
    static func resetPeak() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }
}
