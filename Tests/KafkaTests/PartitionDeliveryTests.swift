import Foundation
import Kafka
import Telemetry
import Testing

/// `Delivery.perPartition`: each partition's records wait in its own fetch queue, a pause only stops reading it, and
/// a resume delivers at once from what was already fetched.
@Suite struct PartitionDeliveryTests {
    private func consumer(_ cluster: MockKafkaCluster, group: String? = nil,
                          rebalance: @escaping @Sendable (RebalanceEvent) -> Void = { _ in }) throws -> KafkaConsumer {
        let configuration = consumerConfiguration(cluster, group: group, ["session.timeout.ms": "6000", "heartbeat.interval.ms": "500"])
        return try KafkaConsumer(configuration: configuration, logger: .disabled, delivery: .perPartition, rebalanceHandler: rebalance)
    }

    /// librdkafka 2.0.2 (merged delivery) discards a paused partition's prefetched records and, on resume, fetches
    /// again only when its broker thread next wakes: up to 1 s later when nothing else is fetching. Here the records
    /// wait in the partition's queue, so each of three resumes delivers at once, in order, nothing lost or repeated.
    @Test func aResumedPartitionDeliversAtOnceWhereItStopped() throws {
        let cluster = try MockKafkaCluster(brokers: 1)
        let topic = uniqueName("per-partition")
        try cluster.createTopic(topic, partitions: 1)
        let producer = try KafkaProducer(configuration: producerConfiguration(cluster), logger: .disabled)
        defer { producer.close(timeout: .seconds(5)) }
        let consumer = try consumer(cluster)
        defer { consumer.close(timeout: .seconds(5)) }
        let partition = TopicPartition(topic: topic, partition: 0)
        try consumer.assign([partition: .beginning])
        _ = try produceAll(producer, records(topic, count: 40)).map { try $0.get() }

        var offsets = try consume(consumer, count: 10).map(\.offset)
        for round in 1...3 {
            try consumer.pause([partition])
            #expect(consumer.pausedPartitions == [partition])
            #expect(try drain(consumer, for: .milliseconds(1200)).isEmpty, "round \(round): a paused partition delivers nothing")
            try consumer.resume([partition])
            let resumed = ContinuousClock.now
            guard let first = try consumer.poll(timeout: .seconds(3)) else {
                Issue.record("round \(round): nothing after the resume")
                return
            }
            let wait = ContinuousClock.now - resumed
            #expect(wait < .milliseconds(150), "round \(round): the first record came \(wait) after the resume")
            offsets += [first.offset] + (try consume(consumer, count: 9).map(\.offset))
        }
        #expect(offsets == Array(0..<40))
    }

    @Test func aPausedPartitionKeepsItsRecordsWhileTheOthersFlow() throws {
        let cluster = try MockKafkaCluster(brokers: 1)
        let topic = uniqueName("per-partition-two")
        try cluster.createTopic(topic, partitions: 2)
        let producer = try KafkaProducer(configuration: producerConfiguration(cluster), logger: .disabled)
        defer { producer.close(timeout: .seconds(5)) }
        let consumer = try consumer(cluster)
        defer { consumer.close(timeout: .seconds(5)) }
        let zero = TopicPartition(topic: topic, partition: 0), one = TopicPartition(topic: topic, partition: 1)
        try consumer.assign([zero: .beginning, one: .beginning])
        try consumer.pause([zero])
        _ = try produceAll(producer, records(topic, count: 5, prefix: "zero", partition: 0) + records(topic, count: 5, prefix: "one", partition: 1))
            .map { try $0.get() }

        let flowing = try consume(consumer, count: 5) + drain(consumer, for: .milliseconds(300))
        #expect(flowing.map(\.partition) == Array(repeating: 1, count: 5))
        #expect(flowing.map(\.offset) == Array(0..<5))

        try consumer.resume([zero])
        let resumed = try consume(consumer, count: 5, timeout: .seconds(3))
        #expect(resumed.map(\.text) == (0..<5).map { "zero-\($0)" })
    }

    /// In a group the partitions' queues follow the assignment: after a second member joins (eager: everything is
    /// revoked, then split), each member gets the records of its partitions, a pause from before the revoke is
    /// forgotten, and closing (which releases the queues first) does not hang.
    @Test func recordsFollowTheGroupAssignmentAcrossARebalance() throws {
        let cluster = try MockKafkaCluster(brokers: 1)
        let topic = uniqueName("per-partition-group"), group = uniqueName("group")
        try cluster.createTopic(topic, partitions: 4)
        let all = Set((0..<4).map { TopicPartition(topic: topic, partition: Int32($0)) })
        let eventsA = Collector<RebalanceEvent>(), eventsB = Collector<RebalanceEvent>()
        let holder = Collector<KafkaConsumer>()
        let a = try consumer(cluster, group: group) { event in
            eventsA.append(event)
            if case .assigned = event, eventsA.count == 1 { try? holder.values.first?.pause([TopicPartition(topic: topic, partition: 0)]) }
        }
        holder.append(a)
        defer { holder.removeAll() }
        let b = try consumer(cluster, group: group) { eventsB.append($0) }
        defer { a.close(timeout: .seconds(10)); b.close(timeout: .seconds(10)) }

        try a.subscribe(topics: [topic])
        let pollA = RebalanceTests.PollingThread(a)
        defer { pollA.stop() }
        #expect(waitUntil(timeout: .seconds(30)) { RebalanceTests.lastAssignment(eventsA.values) == all })
        #expect(waitUntil(timeout: .seconds(5)) { a.pausedPartitions == [TopicPartition(topic: topic, partition: 0)] })
        try b.subscribe(topics: [topic])
        let pollB = RebalanceTests.PollingThread(b)
        defer { pollB.stop() }
        #expect(waitUntil(timeout: .seconds(30)) {
            guard let ownedA = RebalanceTests.lastAssignment(eventsA.values), let ownedB = RebalanceTests.lastAssignment(eventsB.values) else { return false }
            return ownedA.count == 2 && ownedB.count == 2 && ownedA.union(ownedB) == all
        })
        #expect(a.pausedPartitions.isEmpty)

        let producer = try KafkaProducer(configuration: producerConfiguration(cluster), logger: .disabled)
        defer { producer.close(timeout: .seconds(5)) }
        for partition in Int32(0)..<4 {
            _ = try produceAll(producer, records(topic, count: 1, prefix: "p\(partition)", partition: partition)).map { try $0.get() }
        }
        #expect(waitUntil(timeout: .seconds(10)) { Set((pollA.records.values + pollB.records.values).map(\.topicPartition)) == all })
        let ownedA = RebalanceTests.lastAssignment(eventsA.values) ?? []
        #expect(pollA.records.values.allSatisfy { ownedA.contains($0.topicPartition) })
        #expect(pollB.records.values.allSatisfy { !ownedA.contains($0.topicPartition) })
        pollA.stop()
        pollB.stop()
        let closing = ContinuousClock().measure { a.close(timeout: .seconds(10)); b.close(timeout: .seconds(10)) }
        #expect(closing < .seconds(15))
    }

    /// Reading an empty partition queue counts as polling for `max.poll.interval.ms`, but with every partition paused
    /// (all windows full while Business Central is down) nothing is read: the consumer queue must still be polled,
    /// or librdkafka leaves the group after `max.poll.interval.ms`.
    @Test func aConsumerWithEveryPartitionPausedStaysInTheGroup() throws {
        let cluster = try MockKafkaCluster(brokers: 1)
        let topic = uniqueName("per-partition-idle"), group = uniqueName("group")
        try cluster.createTopic(topic, partitions: 2)
        let events = Collector<RebalanceEvent>()
        let configuration = consumerConfiguration(cluster, group: group, ["session.timeout.ms": "3000", "heartbeat.interval.ms": "500",
                                                                          "max.poll.interval.ms": "3000"])
        let consumer = try KafkaConsumer(configuration: configuration, logger: .disabled, delivery: .perPartition) { events.append($0) }
        defer { consumer.close(timeout: .seconds(10)) }
        try consumer.subscribe(topics: [topic])
        let all = (0..<2).map { TopicPartition(topic: topic, partition: Int32($0)) }
        #expect(waitUntil(timeout: .seconds(30)) {
            _ = try? consumer.poll(timeout: .milliseconds(20))
            return RebalanceTests.lastAssignment(events.values) == Set(all)
        })
        try consumer.pause(all)
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline { _ = try consumer.poll(timeout: .milliseconds(20)) }
        #expect(events.values.count == 1, "no revoke: \(events.values)")
    }
}
