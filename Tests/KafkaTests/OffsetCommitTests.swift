import Kafka
import Telemetry
import Testing

@Suite struct OffsetCommitTests {
    @Test func commitStoresTheOffsetAfterTheLastRecordMarkedDone() throws {
        let cluster = try MockKafkaCluster(brokers: 1)
        let topic = uniqueName("commit"), group = uniqueName("group")
        try cluster.createTopic(topic, partitions: 1)
        let producer = try KafkaProducer(configuration: producerConfiguration(cluster), logger: .disabled)
        defer { producer.close(timeout: .seconds(5)) }
        _ = try produceAll(producer, records(topic, count: 5)).map { try $0.get() }

        let consumer = try KafkaConsumer(configuration: consumerConfiguration(cluster, group: group), logger: .disabled)
        defer { consumer.close(timeout: .seconds(5)) }
        let partition = TopicPartition(topic: topic, partition: 0)
        try consumer.assign([partition: .stored])
        let received = try consume(consumer, count: 5)
        #expect(received.map(\.offset) == [0, 1, 2, 3, 4])
        #expect(try consumer.committedOffsets([partition], timeout: .seconds(5)).isEmpty)

        try consumer.commit()  // nothing stored yet: a no-op, not an error
        try consumer.storeOffset(after: received[2])
        try consumer.commit()
        #expect(try consumer.committedOffsets([partition], timeout: .seconds(5)) == [partition: 3])
    }

    @Test func restartedConsumerResumesAtTheFirstRecordNotDone() throws {
        let cluster = try MockKafkaCluster(brokers: 1)
        let topic = uniqueName("restart"), group = uniqueName("group")
        try cluster.createTopic(topic, partitions: 1)
        let producer = try KafkaProducer(configuration: producerConfiguration(cluster), logger: .disabled)
        defer { producer.close(timeout: .seconds(5)) }
        _ = try produceAll(producer, records(topic, count: 4)).map { try $0.get() }
        let partition = TopicPartition(topic: topic, partition: 0)

        let first = try KafkaConsumer(configuration: consumerConfiguration(cluster, group: group), logger: .disabled)
        try first.assign([partition: .stored])
        let firstBatch = try consume(first, count: 4)
        #expect(firstBatch.count == 4)
        try first.storeOffsets([partition: 2])  // records 0 and 1 done; 2 and 3 still in flight
        first.close(timeout: .seconds(5))       // close commits the stored offsets

        let second = try KafkaConsumer(configuration: consumerConfiguration(cluster, group: group), logger: .disabled)
        defer { second.close(timeout: .seconds(5)) }
        try second.assign([partition: .stored])
        let redelivered = try consume(second, count: 2)
        #expect(redelivered.map(\.offset) == [2, 3])
        #expect(redelivered.map(\.text) == ["v-2", "v-3"])
    }

    @Test func injectedOffsetCommitErrorIsRetriableAndTheNextCommitSucceeds() throws {
        let cluster = try MockKafkaCluster(brokers: 1)
        let topic = uniqueName("commit-error"), group = uniqueName("group")
        try cluster.createTopic(topic, partitions: 1)
        let producer = try KafkaProducer(configuration: producerConfiguration(cluster), logger: .disabled)
        defer { producer.close(timeout: .seconds(5)) }
        _ = try produceAll(producer, records(topic, count: 2)).map { try $0.get() }

        let consumer = try KafkaConsumer(configuration: consumerConfiguration(cluster, group: group), logger: .disabled)
        defer { consumer.close(timeout: .seconds(5)) }
        let partition = TopicPartition(topic: topic, partition: 0)
        try consumer.assign([partition: .stored])
        let received = try consume(consumer, count: 2)
        try #require(received.count == 2)
        try consumer.storeOffset(after: received[1])

        cluster.pushRequestErrors(.offsetCommit, [.rebalanceInProgress])
        let failure = try #require(throws: KafkaError.self) { try consumer.commit() }
        #expect(failure.code == .rebalanceInProgress)
        #expect(failure.isRetriable)
        #expect(!failure.isFatal)

        try consumer.commit()
        #expect(try consumer.committedOffsets([partition], timeout: .seconds(5)) == [partition: 2])
    }

    /// A group consumer assigned one partition of a fresh topic, holding its `count` records (closed on deinit).
    private final class AssignedConsumer {
        let cluster: MockKafkaCluster
        let producer: KafkaProducer
        let consumer: KafkaConsumer
        let partition: TopicPartition
        let received: [KafkaRecord]

        init(_ name: String, records count: Int) throws {
            cluster = try MockKafkaCluster(brokers: 1)
            let topic = uniqueName(name)
            try cluster.createTopic(topic, partitions: 1)
            producer = try KafkaProducer(configuration: producerConfiguration(cluster), logger: .disabled)
            _ = try produceAll(producer, records(topic, count: count)).map { try $0.get() }
            consumer = try KafkaConsumer(configuration: consumerConfiguration(cluster, group: uniqueName("group")), logger: .disabled)
            partition = TopicPartition(topic: topic, partition: 0)
            try consumer.assign([partition: .stored])
            received = try consume(consumer, count: count)
            try #require(received.count == count)
        }

        deinit {
            consumer.close(timeout: .seconds(2))
            producer.close(timeout: .seconds(2))
        }
    }

    /// The bounded commit does what ``KafkaConsumer/commit()`` does when the coordinator answers: nothing stored is a
    /// no-op, stored offsets are committed, and a refused commit throws the broker's error.
    @Test func commitWithATimeoutCommitsTheStoredOffsetsAndReportsRefusals() throws {
        let fixture = try AssignedConsumer("commit-timeout", records: 3)
        let consumer = fixture.consumer, partition = fixture.partition
        try consumer.commit(timeout: .seconds(5))  // nothing stored yet
        try consumer.storeOffset(after: fixture.received[1])
        try consumer.commit(timeout: .seconds(5))
        #expect(try consumer.committedOffsets([partition], timeout: .seconds(5)) == [partition: 2])

        try consumer.storeOffset(after: fixture.received[2])
        fixture.cluster.pushRequestErrors(.offsetCommit, [.rebalanceInProgress])
        let failure = try #require(throws: KafkaError.self) { try consumer.commit(timeout: .seconds(5)) }
        #expect(failure.code == .rebalanceInProgress)
        #expect(failure.isRetriable)
        try consumer.commit(timeout: .seconds(5))
        #expect(try consumer.committedOffsets([partition], timeout: .seconds(5)) == [partition: 3])
    }

    /// With every broker down a commit has no coordinator to go to: ``KafkaConsumer/commit()`` waits until the group
    /// session times out, the bounded commit gives up at its deadline with a retriable time-out (the shutdown's).
    @Test func commitWithATimeoutReturnsWhenEveryBrokerIsDown() throws {
        let fixture = try AssignedConsumer("commit-down", records: 2)
        let consumer = fixture.consumer
        try consumer.storeOffset(after: fixture.received[0])
        try consumer.commit(timeout: .seconds(5))   // the coordinator is known

        try consumer.storeOffset(after: fixture.received[1])
        try fixture.cluster.setBrokerDown(1)
        let started = ContinuousClock.now
        let failure = try #require(throws: KafkaError.self) { try consumer.commit(timeout: .seconds(1)) }
        let waited = ContinuousClock.now - started
        #expect(failure.code == .timedOut)
        #expect(failure.isRetriable)
        #expect(waited >= .milliseconds(900) && waited < .seconds(3), "commit returned after \(waited)")
    }
}
