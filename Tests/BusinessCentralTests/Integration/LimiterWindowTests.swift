import BusinessCentral
import Testing
import RelayTestKit

/// The deterministic companion of ``LimitIntegrationTests/rateBudgetEqualToTheSimulatorsMeansNo429()``: a request
/// occupies the rate budget until `window` after its RELEASE, because BC may have counted it at any instant
/// before its response arrived.
@Suite(.timeLimit(.minutes(1))) struct LimiterWindowTests {
    let clock = ManualClock()

    @Test func budgetFreesAWindowAfterTheResponseNotAfterTheAdmission() async throws {
        let limiter = RequestLimiter(maxConcurrent: 10, rateBudget: RateBudget(requests: 2, window: .seconds(10)),
                                     clock: clock)
        try await limiter.acquire()   // admitted at 0
        try await limiter.acquire()   // admitted at 0
        clock.advance(.seconds(3))
        limiter.release(.success)     // answered at 3
        clock.advance(.seconds(1))
        limiter.release(.success)     // answered at 4
        try await limiter.acquire()
        #expect(clock.sleeps == [.seconds(9)], "until 3 + 10, not 0 + 10")
        #expect(clock.uptime() == .seconds(13))
    }

    @Test func requestsInFlightKeepCountingPastTheWindow() async throws {
        let limiter = RequestLimiter(maxConcurrent: 10, rateBudget: RateBudget(requests: 2, window: .seconds(10)),
                                     clock: clock)
        try await limiter.acquire()   // a long request, still running
        try await limiter.acquire()
        limiter.release(.success)     // answered at 0
        clock.advance(.seconds(30))
        try await limiter.acquire()   // the completed one left the window; the running one still counts
        #expect(clock.sleeps.isEmpty)
        limiter.release(.success)     // answered at 30
        limiter.release(.success)     // the long one, answered at 30
        try await limiter.acquire()
        #expect(clock.sleeps == [.seconds(10)])
    }

    @Test func aCallerCancelledWhileWaitingForTheBudgetUsesNone() async throws {
        let clock = ManualClock(sleepsThrow: true)
        let limiter = RequestLimiter(maxConcurrent: 10, rateBudget: RateBudget(requests: 1, window: .seconds(10)), clock: clock)
        try await limiter.acquire()
        limiter.release(.success)     // answered at 0
        await #expect(throws: CancellationError.self) { try await limiter.acquire() }
        #expect(limiter.inFlight == 0)
        clock.advance(.seconds(10))
        try await limiter.acquire()   // the budget is free again: the cancelled caller was not counted
        #expect(limiter.inFlight == 1)
    }
}
