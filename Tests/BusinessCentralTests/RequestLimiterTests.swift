import BusinessCentral
import Foundation
import Synchronization
import Testing
import RelayTestKit

/// Concurrency cap, FIFO and cancellation, sliding-window budget, and adaptation to 429.
@Suite(.timeLimit(.minutes(1))) struct RequestLimiterTests {
    let clock = ManualClock()

    private func limiter(concurrent: Int = 5, budget: RateBudget = .businessCentralOnline, recovery: Int = 3) -> RequestLimiter {
        RequestLimiter(maxConcurrent: concurrent, rateBudget: budget, recoveryAfterSuccesses: recovery, clock: clock)
    }

    @Test func neverMoreThanNRequestsInFlightThroughTheClient() async throws {
        let transport = ScriptedTransport()
        let peak = Locked((current: 0, max: 0))
        for _ in 0..<40 {
            transport.enqueue(.handler { _ in
                peak.withLock { $0.current += 1; $0.max = max($0.max, $0.current) }
                try await Task.sleep(for: .milliseconds(2)) // simulated server latency
                peak.withLock { $0.current -= 1 }
                return .json(200, #"{"value":[]}"#)
            })
        }
        let client = try Fixtures.client(transport, configuration: Fixtures.configuration(maxConcurrentRequests: 3))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<40 {
                group.addTask {
                    _ = try await client.findCustomerPayments(externalDocumentNumber: "K\(index)", journalId: Fixtures.journalId, companyId: Fixtures.companyId)
                }
            }
            try await group.waitForAll()
        }
        #expect(peak.withLock { $0.max } == 3)
        #expect(client.limiter.inFlight == 0)
    }

    @Test func waitersAreAdmittedInArrivalOrder() async throws {
        let limiter = limiter(concurrent: 1)
        try await limiter.acquire()
        let order = Locked<[Int]>([])
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<5 {
                group.addTask {
                    try await limiter.acquire()
                    order.withLock { $0.append(index) }
                    limiter.release(.neutral)
                }
                try await waitUntil("waiter \(index) queued") { limiter.queued == index + 1 }
            }
            limiter.release(.neutral)
            try await group.waitForAll()
        }
        #expect(order.withLock { $0 } == [0, 1, 2, 3, 4])
        #expect(limiter.inFlight == 0)
    }

    @Test func cancelledWaiterLeavesTheQueueWithoutTakingASlot() async throws {
        let limiter = limiter(concurrent: 1)
        try await limiter.acquire()
        let cancelled = Task { try await limiter.acquire() }
        try await waitUntil("first waiter queued") { limiter.queued == 1 }
        let next = Task { try await limiter.acquire() }
        try await waitUntil("second waiter queued") { limiter.queued == 2 }
        cancelled.cancel()
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        #expect(limiter.queued == 1)
        limiter.release(.neutral)
        try await next.value
        #expect(limiter.inFlight == 1)
        limiter.release(.neutral)
        #expect(limiter.inFlight == 0)
    }

    @Test func alreadyCancelledTaskDoesNotWaitForever() async throws {
        let limiter = limiter(concurrent: 1)
        try await limiter.acquire()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await limiter.acquire()
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(limiter.queued == 0)
    }

    @Test func rateBudgetIsASlidingWindow() async throws {
        let limiter = limiter(concurrent: 10, budget: RateBudget(requests: 3, window: .seconds(10)))
        for _ in 0..<3 {
            try await limiter.acquire()
            limiter.release(.success)
        }
        #expect(clock.sleeps.isEmpty)
        clock.advance(.seconds(4))
        try await limiter.acquire()
        limiter.release(.success)
        #expect(clock.sleeps == [.seconds(6)], "the 4th waits until the 1st leaves the window")
        #expect(clock.uptime() == .seconds(10))
        try await limiter.acquire()
        try await limiter.acquire()
        #expect(clock.sleeps == [.seconds(6)], "the 2nd and 3rd left the window together with the 1st")
        try await limiter.acquire()
        #expect(clock.sleeps == [.seconds(6), .seconds(10)])
    }

    @Test func throttlingHalvesConcurrencyAndRecoversGradually() async throws {
        let limiter = limiter(concurrent: 8, recovery: 3)
        for expected in [4, 2, 1, 1] {
            try await limiter.acquire()
            limiter.release(.throttled(retryAfter: nil))
            #expect(limiter.concurrencyLimit == expected)
        }
        var limits: [Int] = []
        for _ in 0..<24 {
            try await limiter.acquire()
            limiter.release(.success)
            limits.append(limiter.concurrencyLimit)
        }
        #expect(limits == [1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6, 7, 7, 7, 8, 8, 8, 8])
        #expect(clock.sleeps.isEmpty, "no Retry-After, so no pause")
    }

    @Test func lowerLimitHoldsBackWaitersUntilInFlightDrops() async throws {
        let limiter = limiter(concurrent: 4)
        for _ in 0..<4 { try await limiter.acquire() }
        let waiter = Task { try await limiter.acquire() }
        try await waitUntil("waiter queued") { limiter.queued == 1 }
        limiter.release(.throttled(retryAfter: nil)) // limit 2, in flight 3
        limiter.release(.neutral) // in flight 2
        #expect(limiter.queued == 1)
        limiter.release(.neutral) // in flight 1 < 2
        try await waiter.value
        #expect(limiter.inFlight == 2)
    }

    @Test func retryAfterPausesAdmissions() async throws {
        let limiter = limiter(concurrent: 4)
        try await limiter.acquire()
        limiter.release(.throttled(retryAfter: .seconds(7)))
        try await limiter.acquire()
        #expect(clock.sleeps == [.seconds(7)])
        limiter.release(.success)
        try await limiter.acquire()
        #expect(clock.sleeps == [.seconds(7)], "the pause is over")
    }

    @Test func cancellationWhilePausedReturnsTheSlot() async throws {
        let limiter = RequestLimiter(maxConcurrent: 1, rateBudget: .businessCentralOnline, clock: ManualClock(sleepsThrow: true))
        try await limiter.acquire()
        limiter.release(.throttled(retryAfter: .seconds(60)))
        await #expect(throws: CancellationError.self) { try await limiter.acquire() }
        #expect(limiter.inFlight == 0)
    }
}
