import Testing
@testable import HTTPServer

/// Admission at the connection limit: refuse, or make room by evicting the connection that waited longest.
@Suite struct ConnectionTableTests {
    private let start = ContinuousClock.now
    private func at(_ seconds: Int) -> ContinuousClock.Instant { start.advanced(by: .seconds(seconds)) }

    @Test func refusesWhenFullWithoutEviction() {
        var table = ConnectionTable()
        #expect(table.admit(Socket(fd: 10), limit: 1, evictingIdle: false, now: at(0)) == .admitted)
        #expect(table.admit(Socket(fd: 11), limit: 1, evictingIdle: false, now: at(1)) == .full)
        #expect(table.activeCount == 1)
    }

    @Test func evictsTheConnectionWaitingLongest() {
        var table = ConnectionTable()
        _ = table.admit(Socket(fd: 10), limit: 2, evictingIdle: true, now: at(0))
        _ = table.admit(Socket(fd: 11), limit: 2, evictingIdle: true, now: at(1))
        table.markServing(10)
        table.markWaiting(10, since: at(5))
        // 11 has waited since 1, 10 only since 5.
        #expect(table.admit(Socket(fd: 12), limit: 2, evictingIdle: true, now: at(6)) == .admittedEvicting(Socket(fd: 11)))
        #expect(table.activeCount == 2)
        #expect(table.entries.count == 3)
        table.remove(11)
        #expect(table.activeCount == 2 && table.entries.count == 2)
    }

    @Test func neverEvictsAConnectionBeingServed() {
        var table = ConnectionTable()
        _ = table.admit(Socket(fd: 10), limit: 1, evictingIdle: true, now: at(0))
        table.markServing(10)
        #expect(table.admit(Socket(fd: 11), limit: 1, evictingIdle: true, now: at(1)) == .full)
    }

    @Test func anEvictedConnectionIsNotEvictedTwice() {
        var table = ConnectionTable()
        _ = table.admit(Socket(fd: 10), limit: 1, evictingIdle: true, now: at(0))
        #expect(table.admit(Socket(fd: 11), limit: 1, evictingIdle: true, now: at(1)) == .admittedEvicting(Socket(fd: 10)))
        #expect(table.admit(Socket(fd: 12), limit: 1, evictingIdle: true, now: at(2)) == .admittedEvicting(Socket(fd: 11)))
        #expect(table.activeCount == 1)
    }
}
