import Testing
@testable import RelayCore

/// The lease that fences creates: confirmed by a running poll loop, refused after the process stood still.
@Suite struct MembershipLeaseTests {
    /// The test settings: session 6 s, heartbeat 0.5 s → validity 4.5 s, gap 2.25 s, probation 2 s.
    private func lease() -> MembershipLease { MembershipLease(sessionTimeout: .seconds(6), heartbeatInterval: .milliseconds(500)) }

    private func ticks(_ lease: inout MembershipLease, from start: Duration, to end: Duration) {
        var now = start
        while now <= end {
            lease.tick(at: now)
            now += .milliseconds(20)
        }
    }

    @Test func derivedDurations() {
        let lease = lease()
        #expect(lease.validity == .milliseconds(4500))
        #expect(lease.maxTickGap == .milliseconds(2250))
        #expect(lease.probation == .seconds(2))
    }

    @Test func nothingIsSentBeforeTheFirstConfirmation() {
        #expect(lease().refusal(at: .seconds(1)) != nil)
    }

    @Test func aRunningPollLoopKeepsTheLease() {
        var lease = lease()
        ticks(&lease, from: .zero, to: .seconds(30))
        #expect(lease.refusal(at: .seconds(30)) == nil)
    }

    /// A stalled poll loop (or a process whose booking task runs first after a freeze): the lease runs out.
    @Test func theLeaseRunsOutWithoutConfirmation() {
        var lease = lease()
        ticks(&lease, from: .zero, to: .seconds(1))
        #expect(lease.refusal(at: .seconds(5)) == nil)
        #expect(lease.refusal(at: .seconds(6)) != nil)
    }

    /// A frozen member (SIGSTOP 20 s, session 6 s): after it resumes, its first poll iteration must not confirm the
    /// lease — librdkafka has not yet reported the lost assignment. Confirmations resume after the probation.
    @Test func aFreezeSuspendsConfirmationForTheProbation() {
        var lease = lease()
        ticks(&lease, from: .zero, to: .seconds(10))
        lease.tick(at: .seconds(30))                          // the first iteration after 20 s frozen
        #expect(lease.refusal(at: .seconds(30)) != nil)
        ticks(&lease, from: .seconds(30), to: .milliseconds(31_900))
        #expect(lease.refusal(at: .milliseconds(31_900)) != nil, "still in probation")
        ticks(&lease, from: .milliseconds(31_900), to: .seconds(33))
        #expect(lease.refusal(at: .seconds(33)) == nil)
    }

    @Test func aShortHiccupIsNotAFreeze() {
        var lease = lease()
        ticks(&lease, from: .zero, to: .seconds(1))
        lease.tick(at: .seconds(3))                           // a 2 s gap: shorter than maxTickGap
        #expect(lease.refusal(at: .seconds(3)) == nil)
    }
}
