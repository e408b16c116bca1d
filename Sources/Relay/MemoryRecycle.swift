/// A graceful restart when the process's resident memory passes `RELAY_RECYCLE_RSS_MIB`: the worker stops as on
/// SIGTERM (in-flight bookings finish, offsets are committed, it leaves the group) and exits 0, and the orchestrator
/// starts it again.
///
/// Why: the Swift 6.3 toolchain's FoundationNetworking loses ~170 B per HTTP request (a parsed URL freed with
/// `curl_free` instead of `curl_url_cleanup`, fixed upstream in swift-corelibs-foundation #5498). Nothing in the relay
/// can free it; a planned restart below the container's memory limit is cheaper than the OOM kill it would become.
struct MemoryRecycle: Sendable, Equatable {
    /// The resident size that triggers the restart.
    let limitBytes: Int

    /// `nil` (off) for 0 MiB.
    init?(mebibytes: Int) {
        guard mebibytes > 0 else { return nil }
        limitBytes = mebibytes * 1_048_576
    }

    /// Whether a process with `residentBytes` resident should restart now (0 = unknown: never).
    func isDue(residentBytes: Int) -> Bool {
        residentBytes > 0 && residentBytes > limitBytes
    }
}
