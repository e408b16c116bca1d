import Kafka
import Testing

@Suite struct ValueTypeTests {
    @Test func typedSettingsWriteMillisecondsIntoTheMap() {
        var configuration = KafkaConfiguration(bootstrapServers: "b:9092", properties: ["security.protocol": "ssl"])
        configuration.sessionTimeout = .seconds(6)
        configuration.heartbeatInterval = .milliseconds(500)
        configuration.enableIdempotence = false
        configuration.groupId = "g"
        #expect(configuration["session.timeout.ms"] == "6000")
        #expect(configuration["heartbeat.interval.ms"] == "500")
        #expect(configuration["enable.idempotence"] == "false")
        #expect(configuration["bootstrap.servers"] == "b:9092")
        #expect(configuration["security.protocol"] == "ssl")
        #expect(configuration.sessionTimeout == .seconds(6))
        configuration.groupId = nil
        #expect(configuration.properties["group.id"] == nil)
    }

    @Test func topicPartitionsOrderByTopicThenPartition() {
        let sorted = [TopicPartition(topic: "b", partition: 0), TopicPartition(topic: "a", partition: 2),
                      TopicPartition(topic: "a", partition: 1)].sorted()
        #expect(sorted.map(\.description) == ["a[1]", "a[2]", "b[0]"])
    }

    @Test func headerStringValueDecodesUTF8AndKeepsNull() {
        #expect(KafkaHeader(key: "k", string: "é").stringValue == "é")
        #expect(KafkaHeader(key: "k", value: nil).stringValue == nil)
        #expect(KafkaHeader(key: "k", value: [0xFF]).stringValue == nil)
    }

    @Test func errorCodesCarryLibrdkafkaNamesAndRetriability() {
        #expect(KafkaErrorCode.notLeaderForPartition.name == "NOT_LEADER_FOR_PARTITION")
        #expect(KafkaErrorCode.transport.name == "_TRANSPORT")
        #expect(KafkaError(code: .requestTimedOut, message: "x").isRetriable)
        #expect(!KafkaError(code: .topicAuthorizationFailed, message: "x").isRetriable)
        #expect(!KafkaError(code: .transport, message: "x", isFatal: true).isRetriable)
    }
}
