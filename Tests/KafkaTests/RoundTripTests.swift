import Foundation
import Kafka
import Telemetry
import Testing

@Suite struct RoundTripTests {
    @Test func recordRoundTripsWithKeyHeadersAndTimestamp() async throws {
        let cluster = try MockKafkaCluster(brokers: 1)
        let topic = uniqueName("round-trip")
        try cluster.createTopic(topic, partitions: 2)
        let producer = try KafkaProducer(configuration: producerConfiguration(cluster), logger: .disabled)
        defer { producer.close(timeout: .seconds(5)) }

        let timestamp = Date(timeIntervalSince1970: 1_700_000_000.123)
        let headers = [KafkaHeader(key: "event-id", string: "e-1"), KafkaHeader(key: "null", value: nil),
                       KafkaHeader(key: "bin", value: [0, 1, 255])]
        let sent = ProducerRecord(topic: topic, partition: 1, key: Array("k-1".utf8), value: Array("payload".utf8),
                                  headers: headers, timestamp: timestamp)
        let report = try await producer.send(sent)
        #expect(report == DeliveryReport(topic: topic, partition: 1, offset: 0))

        let consumer = try KafkaConsumer(configuration: consumerConfiguration(cluster), logger: .disabled)
        defer { consumer.close(timeout: .seconds(5)) }
        try consumer.assign([TopicPartition(topic: topic, partition: 1): .beginning])
        let received = try consume(consumer, count: 1)
        #expect(received == [KafkaRecord(topic: topic, partition: 1, offset: 0, key: Array("k-1".utf8),
                                         value: Array("payload".utf8), headers: headers, timestamp: timestamp)])

        let partition = TopicPartition(topic: topic, partition: 1)
        #expect(try consumer.assignment() == [partition])
        #expect(consumer.position(partition) == 1)
        #expect(try consumer.watermarks(partition, timeout: .seconds(5)) == (0, 1))
        #expect(waitUntil(timeout: .seconds(5)) { consumer.cachedWatermarks(partition).map { $0.high } == 1 })
        #expect(try producer.partitionCounts(topics: [topic, "missing-topic"], timeout: .seconds(5)) == [topic: 2])
    }

    @Test func closedClientsRejectCallsAndCloseIsIdempotent() throws {
        let cluster = try MockKafkaCluster(brokers: 1)
        let consumer = try KafkaConsumer(configuration: consumerConfiguration(cluster), logger: .disabled)
        consumer.close(timeout: .seconds(5))
        consumer.close(timeout: .seconds(5))
        #expect(throws: KafkaError.self) { try consumer.poll(timeout: .milliseconds(10)) }

        let producer = try KafkaProducer(configuration: producerConfiguration(cluster), logger: .disabled)
        producer.close(timeout: .seconds(5))
        producer.close(timeout: .seconds(5))
        let results = Collector<Result<DeliveryReport, KafkaError>>()
        producer.produce(ProducerRecord(topic: "t", value: [1])) { results.append($0) }
        #expect(results.count == 1)
        #expect(throws: KafkaError.self) { try results.values.first?.get() }
    }
}
