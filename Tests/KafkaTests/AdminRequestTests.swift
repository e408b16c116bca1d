import Foundation
import Kafka
import Testing

/// What librdkafka 2.0.2's mock cluster answers to the requests `check` and `reconcile` make beyond produce and fetch
/// (neither admin request is answered there; both callers fall back, see CheckCommand and OutcomeScan).
@Suite struct AdminRequestTests {
    @Test func describeConfigsEndsWithATimeoutOnTheMockClusterWhichNeverReachesAController() throws {
        let cluster = try MockKafkaCluster(brokers: 1)
        let topic = uniqueName("configs")
        try cluster.createTopic(topic, partitions: 2)
        let producer = try KafkaProducer(configuration: producerConfiguration(cluster), logger: .disabled)
        defer { producer.close(timeout: .seconds(5)) }
        #expect(try producer.partitionCounts(topics: [topic], timeout: .seconds(5)) == [topic: 2])

        let started = ContinuousClock.now
        let error = #expect(throws: KafkaError.self) { try producer.topicConfigurations([topic], timeout: .seconds(1)) }
        #expect(error?.code == .timedOut, "\(String(describing: error))")
        #expect(error?.message.contains("controller") == true, "\(String(describing: error))")
        #expect(ContinuousClock.now - started < .seconds(4), "bounded by the timeout")
        #expect(try producer.topicConfigurations([], timeout: .seconds(1)).isEmpty)
    }

    @Test func offsetsForTimesGiveNothingOnTheMockClusterSoReadersStartAtTheBeginning() async throws {
        let cluster = try MockKafkaCluster(brokers: 1)
        let topic = uniqueName("times")
        try cluster.createTopic(topic, partitions: 1)
        let producer = try KafkaProducer(configuration: producerConfiguration(cluster), logger: .disabled)
        defer { producer.close(timeout: .seconds(5)) }
        _ = try await producer.send(ProducerRecord(topic: topic, partition: 0, key: nil, value: Array("v".utf8), headers: [],
                                                   timestamp: Date(timeIntervalSince1970: 1_700_000_000)))
        let consumer = try KafkaConsumer(configuration: consumerConfiguration(cluster), logger: .disabled)
        defer { consumer.close(timeout: .seconds(5)) }
        let partition = TopicPartition(topic: topic, partition: 0)
        #expect(try consumer.offsets(atOrAfter: Date(timeIntervalSince1970: 1_600_000_000), [partition], timeout: .seconds(5)).isEmpty)
        #expect(try consumer.offsets(atOrAfter: Date(), [], timeout: .seconds(1)).isEmpty)
    }
}
