import Kafka
import Telemetry
import Testing
import RelayTestKit

@Suite struct BrokerOutageTests {
    @Test func recordsProducedWhileTheBrokerIsDownAreAllDeliveredAfterItComesBack() throws {
        let cluster = try MockKafkaCluster(brokers: 1)
        let topic = uniqueName("outage")
        try cluster.createTopic(topic, partitions: 1)
        let sink = CapturingLogSink()
        let producer = try KafkaProducer(
            configuration: producerConfiguration(cluster, ["reconnect.backoff.max.ms": "200"]),
            logger: Logger(label: "producer", minimumLevel: .warning, sink: sink))
        defer { producer.close(timeout: .seconds(5)) }
        _ = try produceAll(producer, records(topic, count: 1, prefix: "before")).map { try $0.get() }

        try cluster.setBrokerDown(1)
        let results = Collector<Result<DeliveryReport, KafkaError>>()
        for record in records(topic, count: 20, prefix: "outage") { producer.produce(record) { results.append($0) } }
        // The producer noticed the outage (its error callback logged it) and delivered nothing meanwhile.
        #expect(waitUntil(timeout: .seconds(10)) {
            sink.entries.contains { $0.message == "librdkafka error" }
        })
        #expect(results.count == 0)

        try cluster.setBrokerUp(1)
        #expect(waitUntil(timeout: .seconds(20)) { results.count == 20 })
        let offsets = try results.values.map { try $0.get().offset }
        #expect(Set(offsets) == Set(1...20))

        let consumer = try KafkaConsumer(configuration: consumerConfiguration(cluster), logger: .disabled)
        defer { consumer.close(timeout: .seconds(5)) }
        try consumer.assign([TopicPartition(topic: topic, partition: 0): .beginning])
        let received = try consume(consumer, count: 21)
        #expect(received.map(\.text) == ["before-0"] + (0..<20).map { "outage-\($0)" })
    }
}
