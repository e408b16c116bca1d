#if canImport(Glibc)
import Glibc
#endif

/// Bounds glibc's malloc arenas for the worker process.
///
/// glibc gives threads their own arenas (up to 8 per core) and memory freed in one arena is reused only there, so a
/// process whose work hops between many threads (Swift's pool, libdispatch, librdkafka's and URLSession's threads)
/// holds memory in each. Two arenas kept the relay 6–12 MiB smaller in the bench (20,000–100,000 events) at no
/// measurable cost in throughput. An operator's `MALLOC_ARENA_MAX` wins: glibc applied it at start-up.
public enum MallocArenas {
    /// The arenas the worker uses unless `MALLOC_ARENA_MAX` is set.
    public static let defaultLimit: Int32 = 2

    /// Limits arenas to `limit` (call before the worker starts its threads); `false` when it did not apply
    /// (`MALLOC_ARENA_MAX` set, or not glibc).
    @discardableResult
    public static func limit(to limit: Int32 = defaultLimit, environment: [String: String]) -> Bool {
        guard environment["MALLOC_ARENA_MAX"] == nil else { return false }
        #if canImport(Glibc)
        // `mallopt` is declared in <malloc.h>, which Swift's Glibc module does not include.
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return false }   // RTLD_DEFAULT
        let mallopt = unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
        let arenaMax: Int32 = -8   // M_ARENA_MAX
        return mallopt(arenaMax, limit) == 1
        #else
        return false
        #endif
    }
}
