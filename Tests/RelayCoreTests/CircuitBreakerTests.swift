import Testing
@testable import RelayCore

/// The circuit breaker's decisions over scripted answers and times: when it opens, what counts against a record's
/// budget, the probe schedule, the half-open trial and the way back.
@Suite struct CircuitBreakerTests {
    typealias Breaker = CircuitBreaker
    private static let configuration = CircuitBreaker.Configuration(failureThreshold: 3, failureRatePercent: 50, window: 10,
                                                                   probeBaseDelay: .seconds(1), probeMaxDelay: .seconds(60))
    private static let unavailable = CircuitBreaker.Outcome.failure(.transient)

    /// Admits a call and records its answer at `now`.
    @discardableResult
    private func call(_ breaker: inout Breaker, _ outcome: CircuitBreaker.Outcome, at now: Duration = .seconds(10)) -> CircuitBreaker.Verdict {
        guard let admission = breaker.admit() else {
            Issue.record("a call was not admitted in \(breaker.state)")
            return CircuitBreaker.Verdict(transition: nil, countsAgainstBudget: false)
        }
        return breaker.record(outcome, for: admission, at: now, random: 0)
    }

    /// A breaker opened at 10 s by three failures (first probe due at 10.5 s with random 0).
    private func opened() -> Breaker {
        var breaker = Breaker(configuration: Self.configuration)
        for _ in 0..<3 { call(&breaker, Self.unavailable) }
        return breaker
    }

    /// A breaker whose probe at 11 s passed.
    private func halfOpen() -> Breaker {
        var breaker = opened()
        #expect(breaker.startProbe(at: .seconds(11)) == true)
        _ = breaker.probeFinished(.success, at: .seconds(11), random: 0)
        return breaker
    }

    @Test func opensOnTheThresholdOfConsecutiveOutageFailures() {
        var breaker = Breaker(configuration: Self.configuration)
        #expect(call(&breaker, Self.unavailable) == CircuitBreaker.Verdict(transition: nil, countsAgainstBudget: true))
        #expect(call(&breaker, Self.unavailable).countsAgainstBudget)
        let third = call(&breaker, Self.unavailable, at: .seconds(10))
        #expect(third.transition == CircuitBreaker.Transition(from: .closed, to: .open, reason: "3 consecutive failures", nextProbeIn: .milliseconds(500)))
        #expect(!third.countsAgainstBudget, "the failure that opens the breaker is not the record's")
        #expect(breaker.state == .open(since: .seconds(10), nextProbeAt: .milliseconds(10_500), probing: false))
        #expect(breaker.admit() == nil)
    }

    /// Failures about BC open it; answers about the record (BC answered) count as healthy and reset the count.
    @Test(arguments: [
        (FailureClass.transient, true), (.throttled, true), (.authentication, true), (.outcomeUnknown, true), (.infrastructure, true),
        (.permanent, false), (.validation, false), (.conflict, false), (.malformed, false),
    ])
    func onlyFailuresAboutBusinessCentralOpenIt(failureClass: FailureClass, opens: Bool) {
        #expect(CircuitBreaker.isOutage(failureClass) == opens)
        var breaker = Breaker(configuration: Self.configuration)
        for _ in 0..<20 where breaker.state == .closed { call(&breaker, .failure(failureClass)) }
        #expect((breaker.state.phase == .open) == opens)
    }

    @Test func anAnswerResetsTheConsecutiveCount() {
        for healthy in [CircuitBreaker.Outcome.success, .failure(.permanent), .failure(.validation), .failure(.conflict)] {
            var breaker = Breaker(configuration: CircuitBreaker.Configuration(failureThreshold: 3, failureRatePercent: 100, window: 10))
            for outcome in [Self.unavailable, Self.unavailable, healthy, Self.unavailable, Self.unavailable] { call(&breaker, outcome) }
            #expect(breaker.state == .closed, "\(healthy)")
            #expect(breaker.consecutiveFailures == 2)
        }
    }

    /// Failures interleaved with answers never make the threshold; the rate over the window catches them.
    @Test(arguments: [(4, false), (5, true)])
    func opensOnTheFailureRateOverAFullWindow(failuresInTen: Int, opens: Bool) {
        var breaker = Breaker(configuration: CircuitBreaker.Configuration(failureThreshold: 100, failureRatePercent: 50, window: 10))
        let answers = (0..<10).map { $0 % 2 == 1 && $0 / 2 < failuresInTen ? Self.unavailable : .success }
        var verdicts: [CircuitBreaker.Verdict] = []
        for answer in answers { verdicts.append(call(&breaker, answer)) }
        #expect((breaker.state.phase == .open) == opens)
        #expect((verdicts.last?.transition?.reason == "5 of the last 10 calls failed") == opens)
        // Before the window is full the rate decides nothing: 5 failures in 5 answers are not enough at threshold 100.
        var early = Breaker(configuration: CircuitBreaker.Configuration(failureThreshold: 100, failureRatePercent: 50, window: 10))
        for _ in 0..<5 { call(&early, Self.unavailable) }
        #expect(early.state == .closed)
    }

    @Test func theWindowSlides() {
        var breaker = Breaker(configuration: CircuitBreaker.Configuration(failureThreshold: 100, failureRatePercent: 50, window: 4))
        for answer in [Self.unavailable, .success, .success, .success, .success, .success, Self.unavailable] { call(&breaker, answer) }
        #expect(breaker.state == .closed, "the first failure slid out of the window: 1 of the last 4")
        call(&breaker, Self.unavailable)
        #expect(breaker.state.phase == .open, "2 of the last 4")
    }

    /// An answer is evidence only about the epoch its call was admitted in: a call sent before the breaker opened
    /// changes nothing when it fails (or succeeds) late, and its failure is not on the record's budget.
    @Test func answersOfCallsAdmittedBeforeATransitionChangeNothing() {
        var breaker = Breaker(configuration: Self.configuration)
        let early = breaker.admit()!
        let late = breaker.admit()!
        for _ in 0..<3 { call(&breaker, Self.unavailable) }
        #expect(breaker.record(Self.unavailable, for: early, at: .seconds(11), random: 0) == CircuitBreaker.Verdict(transition: nil, countsAgainstBudget: false))
        #expect(breaker.record(.success, for: late, at: .seconds(11), random: 0).transition == nil)
        #expect(breaker.state.phase == .open, "a late success does not close it: the probe decides")
    }

    @Test func probesFollowABackoffWithEqualJitterAndHonourRetryAfter() {
        var breaker = opened()
        #expect(breaker.startProbe(at: .milliseconds(10_499)) == false)
        #expect(breaker.startProbe(at: .milliseconds(10_500)) == true)
        #expect(breaker.startProbe(at: .seconds(11)) == false, "one probe at a time")
        #expect(breaker.probeFinished(Self.unavailable, at: .seconds(11), random: 0) == nil)
        #expect(breaker.state == .open(since: .seconds(10), nextProbeAt: .seconds(12), probing: false), "attempt 2: half of a 2 s window")
        #expect(breaker.startProbe(at: .seconds(12)) == true)
        _ = breaker.probeFinished(.failure(.throttled, retryAfter: .seconds(30)), at: .seconds(12), random: 0)
        #expect(breaker.state == .open(since: .seconds(10), nextProbeAt: .seconds(42), probing: false), "Retry-After is waited at least")

        let windows = (1...8).map { breaker.probeDelay(attempt: $0, random: 0.999_999) }
        let halves = (1...8).map { breaker.probeDelay(attempt: $0, random: 0) }
        #expect(halves == [.milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(16), .seconds(30), .seconds(30)])
        #expect(zip(windows, [1, 2, 4, 8, 16, 32, 60, 60]).allSatisfy { $0 < .seconds($1) && $0 > .seconds($1) * 0.99 })
    }

    @Test func aPassedProbeHalfOpensForOneTrialCallAtATime() {
        var breaker = opened()
        #expect(breaker.startProbe(at: .seconds(11)) == true)
        #expect(breaker.probeFinished(.success, at: .seconds(11), random: 0)
                == CircuitBreaker.Transition(from: .open, to: .halfOpen, reason: "a probe succeeded", nextProbeIn: nil))
        let trial = breaker.admit()
        #expect(trial?.isTrial == true)
        #expect(breaker.admit() == nil, "one trial at a time")
        breaker.release(trial!)
        let next = breaker.admit()
        #expect(next?.isTrial == true, "an abandoned trial frees the slot")
        let verdict = breaker.record(.success, for: next!, at: .seconds(12), random: 0)
        #expect(verdict == CircuitBreaker.Verdict(transition: CircuitBreaker.Transition(from: .halfOpen, to: .closed, reason: "the trial call was answered", nextProbeIn: nil),
                                                  countsAgainstBudget: false))
        #expect(breaker.admit()?.isTrial == false)
    }

    /// A BC that passes probes but fails real calls is probed ever more slowly, and none of it is on a record's budget.
    @Test func aFailedTrialReopensAtTheNextBackoffStep() {
        var breaker = halfOpen()
        let trial = breaker.admit()!
        let verdict = breaker.record(Self.unavailable, for: trial, at: .seconds(12), random: 0)
        #expect(verdict.transition?.to == .open)
        #expect(verdict.transition?.nextProbeIn == .seconds(1), "attempt 2")
        #expect(!verdict.countsAgainstBudget)
    }

    @Test func theProbeBackoffCarriesOverUntilTheBreakerStaysClosedForAWindow() {
        var breaker = halfOpen()
        _ = breaker.record(.success, for: breaker.admit()!, at: .seconds(12), random: 0)
        #expect(breaker.state == .closed)
        for _ in 0..<3 { call(&breaker, Self.unavailable, at: .seconds(13)) }
        #expect(breaker.state == .open(since: .seconds(13), nextProbeAt: .seconds(14), probing: false), "reopened soon: attempt 2")

        var settled = halfOpen()
        _ = settled.record(.success, for: settled.admit()!, at: .seconds(12), random: 0)
        for _ in 0..<10 { call(&settled, .success) }
        for _ in 0..<3 { call(&settled, Self.unavailable, at: .seconds(100)) }
        #expect(settled.state == .open(since: .seconds(100), nextProbeAt: .milliseconds(100_500), probing: false), "a window of answers later: attempt 1")
    }

    /// With no booking to try BC after the probe, the breaker does not stay half-open forever.
    @Test func anIdleHalfOpenBreakerClosesAfterTheLongestProbeDelay() {
        var breaker = halfOpen()                                              // half-open since 11 s
        #expect(breaker.closeIfIdle(at: .seconds(70)) == nil)
        #expect(breaker.closeIfIdle(at: .seconds(71))?.to == .closed)
        var trying = halfOpen()
        _ = trying.admit()
        #expect(trying.closeIfIdle(at: .seconds(500)) == nil, "a trial in flight decides")
        var open = opened()
        #expect(open.closeIfIdle(at: .seconds(500)) == nil, "only a passed probe")
    }

    @Test func aDisabledBreakerNeverOpensAndEveryFailureCounts() {
        var breaker = Breaker(configuration: CircuitBreaker.Configuration(isEnabled: false, failureThreshold: 1))
        for _ in 0..<50 { #expect(call(&breaker, Self.unavailable).countsAgainstBudget) }
        #expect(breaker.state == .closed)
    }

    @Test func configurationKeepsItsBoundsSane() {
        let configuration = CircuitBreaker.Configuration(failureThreshold: 0, failureRatePercent: 300, window: 0,
                                                         probeBaseDelay: .seconds(5), probeMaxDelay: .seconds(1))
        #expect(configuration.failureThreshold == 1)
        #expect(configuration.failureRatePercent == 100)
        #expect(configuration.window == 1)
        #expect(configuration.probeMaxDelay == .seconds(5))
        #expect(CircuitBreaker.Phase.allCases.map(\.gaugeValue) == [0, 1, 2])
    }
}
