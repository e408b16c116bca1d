import Foundation
import Kafka
import Synchronization
import Telemetry
import Testing

@Suite struct RebalanceTests {
    /// Polls `consumer` on its own thread until `stop` is set; `finished` is signalled at the end.
    final class PollingThread: Sendable {
        private let stopFlag = Mutex(false)
        private let finished = DispatchSemaphore(value: 0)
        let records = Collector<KafkaRecord>()

        init(_ consumer: KafkaConsumer) {
            Thread { [self] in
                while !stopFlag.withLock({ $0 }) {
                    if let record = try? consumer.poll(timeout: .milliseconds(100)) { records.append(record) }
                }
                finished.signal()
            }.start()
        }

        func stop() {
            let wasRunning = stopFlag.withLock { stopped in
                defer { stopped = true }
                return !stopped
            }
            if wasRunning { finished.wait() }
        }
    }

    static func lastAssignment(_ events: [RebalanceEvent]) -> Set<TopicPartition>? {
        guard case .assigned(let partitions)? = events.last else { return nil }
        return Set(partitions)
    }

    @Test func secondMemberJoiningRevokesAndSplitsThePartitions() throws {
        let cluster = try MockKafkaCluster(brokers: 1)
        let topic = uniqueName("rebalance"), group = uniqueName("group")
        try cluster.createTopic(topic, partitions: 4)
        let all = Set((0..<4).map { TopicPartition(topic: topic, partition: Int32($0)) })
        let configuration = consumerConfiguration(cluster, group: group, ["session.timeout.ms": "6000", "heartbeat.interval.ms": "500"])

        let eventsA = Collector<RebalanceEvent>(), eventsB = Collector<RebalanceEvent>()
        // A's handler stores offsets and commits on revoke, as the relay will: it must still own the partitions.
        let holder = Collector<KafkaConsumer>(), revokeOutcomes = Collector<String>()
        let a = try KafkaConsumer(configuration: configuration, logger: .disabled) { event in
            eventsA.append(event)
            // Pause partition 0 from the polling thread on the first assignment: the wrapper must resume it on revoke.
            if case .assigned = event, eventsA.count == 1, let a = holder.values.first {
                try? a.pause([TopicPartition(topic: topic, partition: 0)])
            }
            guard case .revoked(let partitions) = event, let a = holder.values.first else { return }
            do {
                try a.storeOffsets(Dictionary(uniqueKeysWithValues: partitions.map { ($0, Int64(0)) }))
                revokeOutcomes.append("store ok")
            } catch { revokeOutcomes.append("store failed: \(error)") }
            do {
                try a.commit()
                revokeOutcomes.append("commit ok")
            } catch { revokeOutcomes.append("commit failed: \(error)") }
        }
        holder.append(a)
        defer { holder.removeAll() }
        let b = try KafkaConsumer(configuration: configuration, logger: .disabled) { eventsB.append($0) }
        defer { a.close(timeout: .seconds(10)); b.close(timeout: .seconds(10)) }

        let start = ContinuousClock.now
        try a.subscribe(topics: [topic])
        let pollA = PollingThread(a)
        defer { pollA.stop() }
        #expect(waitUntil(timeout: .seconds(30)) { Self.lastAssignment(eventsA.values) == all })
        let firstJoin = start.duration(to: .now)
        #expect(Set(try a.assignment()) == all)
        #expect(waitUntil(timeout: .seconds(5)) { a.pausedPartitions == [TopicPartition(topic: topic, partition: 0)] })

        try b.subscribe(topics: [topic])
        let pollB = PollingThread(b)
        defer { pollB.stop() }
        let split = waitUntil(timeout: .seconds(30)) {
            guard let ownedA = Self.lastAssignment(eventsA.values), let ownedB = Self.lastAssignment(eventsB.values) else { return false }
            return ownedA.count == 2 && ownedB.count == 2 && ownedA.union(ownedB) == all
        }
        #expect(split)
        print("mock group timings: first join \(firstJoin), second member split after \(start.duration(to: .now) - firstJoin)")
        // Eager protocol: the first member gives everything back, then gets its half.
        #expect(Array(eventsA.values.prefix(2)) == [.assigned(all.sorted()), .revoked(all.sorted())])
        #expect(eventsB.values.first.map { if case .assigned = $0 { true } else { false } } == true)
        #expect(revokeOutcomes.values.first == "store ok")
        #expect(a.pausedPartitions.isEmpty)

        // Every partition delivers after the rebalance, including the one paused before it.
        let producer = try KafkaProducer(configuration: producerConfiguration(cluster), logger: .disabled)
        defer { producer.close(timeout: .seconds(5)) }
        for partition in Int32(0)..<4 {
            _ = try produceAll(producer, records(topic, count: 1, partition: partition)).map { try $0.get() }
        }
        #expect(waitUntil(timeout: .seconds(10)) {
            Set((pollA.records.values + pollB.records.values).map(\.topicPartition)) == all
        })
        print("mock group: commit inside the revoke handler: \(revokeOutcomes.values)")
        pollA.stop()
        pollB.stop()
        let closeA = ContinuousClock().measure { a.close(timeout: .seconds(10)) }
        let closeB = ContinuousClock().measure { b.close(timeout: .seconds(10)) }
        #expect(eventsA.values.last.map { if case .revoked = $0 { true } else { false } } == true)  // close revokes
        print("mock group timings: close A \(closeA), close B \(closeB)")
    }
}
