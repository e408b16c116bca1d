import Foundation
import Kafka
@testable import Relay
import RelayCore
import Synchronization
import Telemetry

/// A dead letter to write as the relay would.
struct SampleDeadLetter: Sendable {
    var eventId: String
    var failureClass: FailureClass = .transient
    var code: String? = "Internal_ServerError"
    var originalPartition: Int32 = 0
    var originalOffset: Int64 = 0
    var failedAt = Date(timeIntervalSince1970: 1_780_000_000)
    /// Filled in once written: where it landed in the dead-letter topic.
    var partition: Int32 = -1
    var offset: Int64 = -1
    var key: String { "k-\(eventId)" }
}

extension RelayHarness {
    /// The replay configuration for this harness's topics, in a group of its own.
    func replayConfiguration(filter: DeadLetterFilter = DeadLetterFilter(), dryRun: Bool = false, limit: Int? = nil,
                             rate: Double? = nil) -> DeadLetterReplayConfiguration {
        DeadLetterReplayConfiguration(kafka: kafka, deadLetterTopic: deadLetterTopic, inputTopic: inputTopic, groupId: "\(names).replay",
                                      filter: filter, dryRun: dryRun, limit: limit, maxRecordsPerSecond: rate)
    }

    /// Writes dead letters one by one (so their order is the list's) with the relay's headers after an original one.
    func publishDeadLetters(_ letters: [SampleDeadLetter]) async throws -> [SampleDeadLetter] {
        var written: [SampleDeadLetter] = []
        for var letter in letters {
            let failure = BookingFailure(failureClass: letter.failureClass, code: letter.code, message: "failed: \(letter.eventId)", httpStatus: 503)
            let source = SourcePosition(topic: inputTopic, partition: letter.originalPartition, offset: letter.originalOffset)
            let headers = [KafkaHeader(key: "source", string: "upstream")]
                + DeadLetterHeaders.make(failure: failure, attempts: 4, source: source, eventId: letter.eventId, failedAt: letter.failedAt)
                .map { KafkaHeader(key: $0.0, string: $0.1) }
            let report = try await producer.send(ProducerRecord(topic: deadLetterTopic, key: Array(letter.key.utf8),
                                                                value: Array(paymentEvent(id: letter.eventId).utf8), headers: headers))
            letter.partition = report.partition
            letter.offset = report.offset
            written.append(letter)
        }
        return written
    }

    /// A record on the dead-letter topic that the relay did not write (no relay headers).
    func publishForeignRecordToDeadLetterTopic() async throws {
        _ = try await producer.send(ProducerRecord(topic: deadLetterTopic, key: Array("stranger".utf8), value: Array("{}".utf8),
                                                   headers: [KafkaHeader(key: "source", string: "elsewhere")]))
    }

    /// The replay group's committed offsets on the dead-letter topic, by partition.
    func replayCommittedOffsets(group: String? = nil) throws -> [Int32: Int64] {
        let consumer = try KafkaConsumer(configuration: KafkaConfiguration(bootstrapServers: cluster.bootstrapServers,
                                                                           properties: ["group.id": group ?? "\(names).replay"]), logger: .disabled)
        defer { consumer.close(timeout: .seconds(2)) }
        let committed = try consumer.committedOffsets((0..<2).map { TopicPartition(topic: deadLetterTopic, partition: $0) }, timeout: .seconds(5))
        return Dictionary(uniqueKeysWithValues: committed.map { ($0.key.partition, $0.value) })
    }

    /// High watermarks of the dead-letter topic's non-empty partitions.
    func deadLetterEnds() throws -> [Int32: Int64] {
        let consumer = try KafkaConsumer(configuration: KafkaConfiguration(bootstrapServers: cluster.bootstrapServers), logger: .disabled)
        defer { consumer.close(timeout: .seconds(2)) }
        var ends: [Int32: Int64] = [:]
        for partition in Int32(0)..<2 {
            let (_, high) = try consumer.watermarks(TopicPartition(topic: deadLetterTopic, partition: partition), timeout: .seconds(5))
            if high > 0 { ends[partition] = high }
        }
        return ends
    }
}

extension KafkaRecord {
    /// The last header named `name`, as UTF-8.
    func header(_ name: String) -> String? {
        headers.last { $0.key == name }?.stringValue
    }
}

/// A clock that moves only when the replay sleeps, and adds up the sleeps.
final class FakeReplayClock: ReplayClock {
    private let state = Mutex<(offset: Duration, slept: Duration)>((.zero, .zero))
    private let origin = ContinuousClock.now
    private let wallOrigin = Date(timeIntervalSince1970: 1_790_000_000)

    var slept: Duration { state.withLock { $0.slept } }
    func instant() -> ContinuousClock.Instant { origin + state.withLock { $0.offset } }
    func date() -> Date {
        let offset = state.withLock { $0.offset }
        return wallOrigin.addingTimeInterval(Double(offset.components.seconds) + Double(offset.components.attoseconds) / 1e18)
    }
    func sleep(for duration: Duration) {
        state.withLock {
            $0.offset += duration
            $0.slept += duration
        }
    }
}
