@testable import Relay
import Testing

@Suite struct MallocArenasTests {
    /// The operator's `MALLOC_ARENA_MAX` (already applied by glibc at start-up) is left alone; otherwise the limit
    /// is set (on glibc).
    @Test func anOperatorsSettingWinsOtherwiseTheLimitApplies() {
        #expect(MallocArenas.limit(to: 4, environment: ["MALLOC_ARENA_MAX": "8"]) == false)
        #if canImport(Glibc)
        #expect(MallocArenas.limit(to: 8, environment: [:]) == true)
        #endif
    }
}
