import Kafka
import Telemetry
import Testing

@Suite struct PauseResumeTests {
    @Test func pausedPartitionDeliversNothingUntilResumed() throws {
        let cluster = try MockKafkaCluster(brokers: 1)
        let topic = uniqueName("pause")
        try cluster.createTopic(topic, partitions: 1)
        let producer = try KafkaProducer(configuration: producerConfiguration(cluster), logger: .disabled)
        defer { producer.close(timeout: .seconds(5)) }
        let consumer = try KafkaConsumer(configuration: consumerConfiguration(cluster), logger: .disabled)
        defer { consumer.close(timeout: .seconds(5)) }
        let partition = TopicPartition(topic: topic, partition: 0)
        try consumer.assign([partition: .beginning])

        _ = try produceAll(producer, records(topic, count: 2, prefix: "first")).map { try $0.get() }
        #expect(try consume(consumer, count: 2).map(\.offset) == [0, 1])

        try consumer.pause([partition])
        #expect(consumer.pausedPartitions == [partition])
        _ = try produceAll(producer, records(topic, count: 3, prefix: "second")).map { try $0.get() }
        #expect(try drain(consumer, for: .milliseconds(600)).isEmpty)

        try consumer.resume([partition])
        #expect(consumer.pausedPartitions.isEmpty)
        #expect(try consume(consumer, count: 3).map(\.offset) == [2, 3, 4])
    }

    @Test func resumingAPartitionThatWasNeverPausedDoesNotRedeliver() throws {
        let cluster = try MockKafkaCluster(brokers: 1)
        let topic = uniqueName("resume-noop")
        try cluster.createTopic(topic, partitions: 1)
        let producer = try KafkaProducer(configuration: producerConfiguration(cluster), logger: .disabled)
        defer { producer.close(timeout: .seconds(5)) }
        let consumer = try KafkaConsumer(configuration: consumerConfiguration(cluster), logger: .disabled)
        defer { consumer.close(timeout: .seconds(5)) }
        let partition = TopicPartition(topic: topic, partition: 0)
        try consumer.assign([partition: .beginning])

        _ = try produceAll(producer, records(topic, count: 5)).map { try $0.get() }
        #expect(try consume(consumer, count: 5).map(\.offset) == [0, 1, 2, 3, 4])

        try consumer.resume([partition])
        _ = try produceAll(producer, records(topic, count: 2, prefix: "later")).map { try $0.get() }
        let after = try consume(consumer, count: 2) + drain(consumer, for: .milliseconds(300))
        #expect(after.map(\.offset) == [5, 6])
    }
}
