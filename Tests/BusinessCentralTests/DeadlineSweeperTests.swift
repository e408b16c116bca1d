@testable import BusinessCentral
import Foundation
import Synchronization
import Testing

/// One timer for every request deadline: an entry expires at (never before) its deadline, a removed one never does,
/// and the timer stops when nothing is in flight.
@Suite(.timeLimit(.minutes(1))) struct DeadlineSweeperTests {
    @Test func anEntryExpiresAtItsDeadlineAndTheTimerStops() async throws {
        let sweeper = DeadlineSweeper()
        let expiredAt = Mutex<ContinuousClock.Instant?>(nil)
        let added = ContinuousClock.now
        _ = sweeper.add(deadline: added + .milliseconds(150)) { expiredAt.withLock { $0 = .now } }
        #expect(sweeper.pending.timerRunning)
        let expired = await waitUntil(timeout: .seconds(5)) { expiredAt.withLock { $0 } != nil }
        #expect(expired)
        let late = try #require(expiredAt.withLock { $0 }) - added
        #expect(late >= .milliseconds(150))
        #expect(sweeper.pending.entries == 0)
        #expect(sweeper.pending.timerRunning == false)
    }

    @Test func aRemovedEntryNeverExpires() async throws {
        let sweeper = DeadlineSweeper()
        let expired = Mutex(0)
        let key = sweeper.add(deadline: .now + .milliseconds(60)) { expired.withLock { $0 += 1 } }
        _ = sweeper.add(deadline: .now + .milliseconds(120)) { expired.withLock { $0 += 10 } }
        sweeper.remove(key)
        #expect(await waitUntil(timeout: .seconds(5)) { expired.withLock { $0 } == 10 })
        #expect(sweeper.pending == (0, false))
    }

    /// The transport removes a request's deadline with its response: nothing stays armed (and holds the exchange)
    /// until a 60 s timeout passes, as a `DispatchQueue.asyncAfter` per request did.
    @Test func aFinishedRequestLeavesNoDeadlineBehind() async throws {
        let transport = URLSessionTransport(maximumConnectionsPerHost: 2)
        let server = try TestTCPServer(respond: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
        defer { server.stop() }
        let request = HTTPClientRequest(method: "GET", url: URL(string: "http://127.0.0.1:\(server.port)/x")!)
        let response = try await transport.send(request, timeout: .seconds(60))
        #expect(response.status == 200)
        #expect(transport.pendingDeadlines == 0)
    }

    private func waitUntil(timeout: Duration, _ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return condition()
    }
}
