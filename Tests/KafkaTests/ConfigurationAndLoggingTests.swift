import Kafka
import Telemetry
import Testing
import RelayTestKit

@Suite struct ConfigurationAndLoggingTests {
    @Test func unknownPropertyFailsConstructionNamingIt() throws {
        let configuration = KafkaConfiguration(bootstrapServers: "127.0.0.1:1", properties: ["no.such.property": "1"])
        let failure = try #require(throws: KafkaError.self) {
            _ = try KafkaConsumer(configuration: configuration, logger: .disabled)
        }
        #expect(failure.message.contains("no.such.property"))
        #expect(failure.code == .invalidArgument)
    }

    @Test func invalidValueFailsConstructionNamingTheProperty() throws {
        let configuration = KafkaConfiguration(bootstrapServers: "127.0.0.1:1", properties: ["batch.num.messages": "lots"])
        let failure = try #require(throws: KafkaError.self) {
            _ = try KafkaProducer(configuration: configuration, logger: .disabled)
        }
        #expect(failure.message.contains("batch.num.messages"))
    }

    @Test func librdkafkaDebugLogsReachTheLogger() throws {
        let cluster = try MockKafkaCluster(brokers: 1)
        let sink = CapturingLogSink()
        var configuration = producerConfiguration(cluster)
        configuration.clientId = "log-routing"
        configuration.debug = "broker,metadata"
        let producer = try KafkaProducer(configuration: configuration, logger: Logger(label: "kafka", minimumLevel: .debug, sink: sink))
        defer { producer.close(timeout: .seconds(5)) }
        _ = try producer.partitionCounts(topics: ["anything"], timeout: .seconds(5))
        #expect(waitUntil(timeout: .seconds(5)) {
            sink.entries.contains { entry in
                entry.level == .debug && entry.message == "librdkafka log"
                    && !(entry.metadata["kafka.facility"] ?? "").isEmpty
                    && (entry.metadata["kafka.client"] ?? "").hasPrefix("log-routing#producer")
            }
        })
    }
}
