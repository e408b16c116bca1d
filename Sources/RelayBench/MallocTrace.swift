#if canImport(Glibc)
import Glibc
#endif

/// glibc's allocator statistics on stderr (`BENCH_MALLOC_TRACE=1` in a bench child): per arena, the bytes it holds
/// from the system and the bytes in use, to tell a leak (in use grows) from fragmentation (held grows, in use does
/// not). `malloc_stats` is looked up at run time: Swift's Glibc module does not include `<malloc.h>`.
enum MallocTrace {
    static func log(_ label: String) {
        #if canImport(Glibc)
        let header = "malloc stats after \(label):\n"
        _ = header.withCString { write(2, $0, strlen($0)) }
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_stats") else { return }   // RTLD_DEFAULT
        unsafeBitCast(symbol, to: (@convention(c) () -> Void).self)()
        #endif
    }
}
