import BCSimulator
import Foundation
import Kafka
@testable import Relay
import RelayCore
import Testing

/// The ways production breaks that booked second payments before line slots and fenced creates: ownership of a
/// partition ends while bookings are in flight, and Business Central finishes work after the client gave up. Each test
/// is small (a few hundred events, one fault) and ends with the scenario's invariants.
@Suite(.serialized, .timeLimit(.minutes(4)))
struct OneBookingChaosTests {
    /// All brokers down for 8 s, longer than the 6 s session timeout, while ~200 bookings are in flight: the workers
    /// lose their assignment; bookings of the lost partitions must not create lines once the brokers are back.
    @Test func allBrokersDownLongerThanTheSessionTimeoutWhileBookingsAreInFlight() async throws {
        let scenario = try ChaosScenario(partitions: 4) { $0.faults = FaultPlan(latency: .milliseconds(60)) }
        try scenario.startWorker()
        try scenario.startWorker()
        try await scenario.publish(0..<400)
        try await scenario.waitForOutcomes(atLeast: 40)
        try scenario.harness.cluster.setBrokerDown(1)
        try await Task.sleep(for: .seconds(8))          // the scenario: an outage longer than session.timeout.ms
        try scenario.harness.cluster.setBrokerUp(1)
        try await scenario.finishAndVerify()
    }

    /// A worker stopped (SIGSTOP) for 10 s mid-traffic, then resumed: its booking tasks may run before its poll thread
    /// learns that its partitions now belong to the other worker.
    @Test func aMemberFrozenPastTheSessionTimeoutBooksNothingTwice() async throws {
        let scenario = try ChaosScenario(partitions: 4) { $0.faults = FaultPlan(latency: .milliseconds(60)) }
        let frozen = try scenario.startWorker()
        try scenario.startWorker()
        try await scenario.publish(0..<400)
        try await scenario.waitForOutcomes(atLeast: 40)
        frozen.freeze()
        try await Task.sleep(for: .seconds(10))         // the scenario: frozen well past the 6 s session.timeout.ms
        frozen.thaw()
        try await scenario.finishAndVerify()
    }

    /// One worker with one BC request at a time and a slow BC works through a backlog; two more join. The revoke must
    /// drop the creates queued in the limiter (never sent) and wait only for the one on the wire.
    @Test func scaleOutUnderABacklogWithASlowBusinessCentral() async throws {
        let scenario = try ChaosScenario(partitions: 6, environment: ["BC_MAX_CONCURRENT_REQUESTS": "1"]) {
            $0.faults = FaultPlan(latency: .milliseconds(100))
        }
        try scenario.startWorker()
        try await scenario.publish(0..<160)
        try await scenario.waitForOutcomes(atLeast: 20)
        try scenario.startWorker()
        try scenario.startWorker()
        try await scenario.finishAndVerify()
    }

    /// Creates that BC commits 2.5 s after they arrive, while the client gives up after 1 s: the retry into the same
    /// line slot waits for the first insert's key lock and is refused; the slot holds this event's line.
    @Test func slowCommitsPastTheClientTimeout() async throws {
        let scenario = try ChaosScenario(partitions: 2, environment: ["BC_REQUEST_TIMEOUT": "1s"])
        scenario.bc.simulator.enqueueFaults(Array(repeating: .slowCommit(.milliseconds(2500)), count: 15), target: .creates)
        try scenario.startWorker()
        try await scenario.publish(0..<60)
        let statuses = try await scenario.finishAndVerify()
        #expect(scenario.bc.simulator.pendingFaults == 0, "every slow commit was exercised")
        #expect(statuses.values.filter { $0 == ["created"] }.count == 59, "the slow-committed events are `created`, not `duplicate`")
    }

    /// One idempotency key produced to two partitions at once (a producer keying by event id), 40 keys: the ledger is
    /// per partition, so only Business Central's line slot stands between the two workers. One line per key, one
    /// `created` and one `duplicate`.
    @Test func oneKeyOnTwoPartitionsIsBookedOnce() async throws {
        let scenario = try ChaosScenario(partitions: 2, environment: ["LOG_LEVEL": "info"]) { $0.faults = FaultPlan(latency: .milliseconds(20)) }
        try scenario.startWorker()
        try scenario.startWorker()
        // Both workers must own a partition before the pairs arrive, or one process (one key gate) takes both.
        let split = try await waitUntil(timeout: .seconds(60), pollEvery: .milliseconds(250)) {
            try await scenario.publish(eventId: "probe-\(UUID().uuidString.prefix(6))", key: "probe-\(UUID().uuidString)", toPartition: 0)
            return scenario.workers.allSatisfy { (try? String(contentsOf: $0.logURL, encoding: .utf8))?.contains("ledger loaded") == true }
        }
        try #require(split, "both workers joined: \(scenario.workerLogs)")
        for index in 0..<40 {
            async let first: Void = scenario.publish(eventId: "a-\(index)", key: "twin-\(index)", toPartition: 0)
            async let second: Void = scenario.publish(eventId: "b-\(index)", key: "twin-\(index)", toPartition: 1)
            _ = try await (first, second)
        }
        let statuses = try await scenario.finishAndVerify()
        for index in 0..<40 {
            let pair = [statuses["a-\(index)"] ?? [], statuses["b-\(index)"] ?? []]
            #expect(Set(pair) == [["created"], ["duplicate"]], "twin-\(index): \(pair)")
        }
    }

    /// Creates queued behind one BC request at a time go out in `$batch` requests; BC runs part of a batch and the
    /// connection drops before the answer (4 times), or runs it all and answers after the client gave up (twice).
    /// Every create of such a batch has an unknown outcome: each is retried into its own line slot, and BC refuses
    /// those that committed. One line per event, every booked one `created`.
    @Test func batchesWhoseAnswersAreLostAfterBusinessCentralRanThem() async throws {
        let scenario = try ChaosScenario(partitions: 2, environment: ["BC_MAX_CONCURRENT_REQUESTS": "1", "BC_REQUEST_TIMEOUT": "1s"]) {
            $0.faults = FaultPlan(latency: .milliseconds(5))
        }
        scenario.bc.simulator.enqueueFaults(Array(repeating: .commitThenDrop, count: 4) + Array(repeating: .commitThenDelay(.milliseconds(1500)), count: 2),
                                            target: .creates)
        try scenario.startWorker()
        try await scenario.publish(0..<100)
        let statuses = try await scenario.finishAndVerify()
        #expect(scenario.bc.simulator.pendingFaults == 0, "every fault was exercised")
        #expect(scenario.bc.simulator.stats.batches > 0, "creates went out in batches")
        let created = statuses.filter { $0.value == ["created"] }.count
        #expect(created == 98, "all but the 2 events for an unknown customer are `created`: \(statuses.filter { $0.value != ["created"] })")
    }
}
