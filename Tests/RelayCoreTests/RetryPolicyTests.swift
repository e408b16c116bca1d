import Testing
@testable import RelayCore

@Suite struct RetryPolicyTests {
    private let policy = RetryPolicy(maxAttempts: 6, maxElapsed: .seconds(120), baseDelay: .milliseconds(500), maxDelay: .seconds(8))

    @Test func backoffWindowsDoubleUpToTheCap() {
        #expect((1...7).map { policy.backoffWindow(attempt: $0) } ==
            [.milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(8), .seconds(8)])
    }

    @Test func fullJitterScalesTheWindow() {
        #expect(policy.decision(afterAttempt: 3, failureClass: .transient, retryAfter: nil, elapsed: .zero, random: 0.25) == .retry(after: .milliseconds(500)))
        #expect(policy.decision(afterAttempt: 3, failureClass: .transient, retryAfter: nil, elapsed: .zero, random: 0) == .retry(after: .zero))
    }

    @Test func sixAttemptSequenceHasExactDelays() {
        var delays: [Duration] = []
        var elapsed = Duration.zero
        for attempt in 1...6 {
            switch policy.decision(afterAttempt: attempt, failureClass: .outcomeUnknown, retryAfter: nil, elapsed: elapsed, random: 0.5) {
            case let .retry(delay):
                delays.append(delay)
                elapsed += delay
            case .giveUp:
                #expect(attempt == 6)
            }
        }
        #expect(delays == [.milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(4)])
    }

    /// The wait alone, for a retry off the budget (outage mode): the same backoff, no give-up.
    @Test func theDelayIsTheDecisionsWaitWithoutTheBudget() {
        #expect(policy.delay(afterAttempt: 3, retryAfter: nil, random: 0.25) == .milliseconds(500))
        #expect(policy.delay(afterAttempt: 99, retryAfter: nil, random: 0.5) == .seconds(4))
        #expect(policy.delay(afterAttempt: 1, retryAfter: .seconds(30), random: 0.5) == .milliseconds(30_250))
    }

    @Test func retryAfterIsHonouredWithSmallJitter() {
        #expect(policy.decision(afterAttempt: 1, failureClass: .throttled, retryAfter: .seconds(30), elapsed: .zero, random: 0.5)
            == .retry(after: .milliseconds(30_250)))
    }

    @Test func throttlesDoNotUseUpAttemptsButTheBudgetBoundsThem() {
        #expect(policy.decision(afterAttempt: 50, failureClass: .throttled, retryAfter: nil, elapsed: .seconds(10), random: 0.1) == .retry(after: .milliseconds(800)))
        if case .giveUp = policy.decision(afterAttempt: 1, failureClass: .throttled, retryAfter: .seconds(30), elapsed: .seconds(100), random: 0) {} else {
            Issue.record("a wait past the elapsed budget must give up")
        }
    }

    @Test func givesUpAtMaxAttempts() {
        if case let .giveUp(reason) = policy.decision(afterAttempt: 6, failureClass: .transient, retryAfter: nil, elapsed: .zero, random: 0.5) {
            #expect(reason == "gave up after 6 attempts")
        } else {
            Issue.record("expected giveUp")
        }
    }
}
