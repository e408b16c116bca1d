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
}
