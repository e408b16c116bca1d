import Foundation
import Kafka
@testable import RelayCLI
import Synchronization
import Testing

/// `payment-relay replay` through `CommandLineTool.main` against a mock cluster.
@Suite(.timeLimit(.minutes(1)))
struct ReplayCommandKafkaTests {
    /// A mock cluster with a 2-partition dead-letter topic holding four dead letters and a 4-partition input topic.
    final class Fixture: Sendable {
        let cluster: MockKafkaCluster
        let names = "cli\(UInt32.random(in: 0...UInt32.max))"
        let producer: KafkaProducer
        var deadLetterTopic: String { "\(names).dlq" }
        var inputTopic: String { "\(names).in" }
        var group: String { "\(names).replay" }
        var environment: [String: String] {
            ["KAFKA_BOOTSTRAP_SERVERS": cluster.bootstrapServers, "KAFKA_FETCH_WAIT_MAX_MS": "50",
             "RELAY_DLQ_TOPIC": deadLetterTopic, "RELAY_INPUT_TOPIC": inputTopic]
        }

        init() async throws {
            cluster = try MockKafkaCluster(brokers: 1)
            try cluster.createTopic("\(names).dlq", partitions: 2)
            try cluster.createTopic("\(names).in", partitions: 4)
            producer = try KafkaProducer(configuration: KafkaConfiguration(bootstrapServers: cluster.bootstrapServers), logger: .disabled)
            for (index, failureClass) in ["transient", "permanent", "transient", "malformed"].enumerated() {
                try await publishDeadLetter(eventId: "e\(index)", failureClass: failureClass, originalOffset: Int64(index))
            }
        }

        /// A dead letter with the relay's headers spelled out (the DLQ format of the relay issue).
        func publishDeadLetter(eventId: String, failureClass: String, originalOffset: Int64) async throws {
            let headers = [("source", "upstream"), ("relay.error.class", failureClass), ("relay.error.code", "Code-\(eventId)"),
                           ("relay.error.message", "went\twrong\nfor \(eventId)"), ("relay.http.status", "503"), ("relay.attempts", "4"),
                           ("relay.original.topic", inputTopic), ("relay.original.partition", "1"), ("relay.original.offset", String(originalOffset)),
                           ("relay.original.timestamp", ""), ("relay.failed.at", "2026-05-01T10:00:0\(originalOffset).000Z"), ("relay.event.id", eventId)]
            _ = try await producer.send(ProducerRecord(topic: deadLetterTopic, partition: 0, key: Array("k-\(eventId)".utf8),
                                                       value: Array("{\"eventId\":\"\(eventId)\"}".utf8),
                                                       headers: headers.map { KafkaHeader(key: $0.0, string: $0.1) }))
        }

        /// Records in the input topic (sum of high watermarks).
        func inputCount() throws -> Int64 {
            let consumer = try KafkaConsumer(configuration: KafkaConfiguration(bootstrapServers: cluster.bootstrapServers), logger: .disabled)
            defer { consumer.close(timeout: .seconds(2)) }
            return try (0..<4).reduce(Int64(0)) { sum, partition in
                sum + (try consumer.watermarks(TopicPartition(topic: inputTopic, partition: Int32(partition)), timeout: .seconds(5))).high
            }
        }

        /// The replay group's committed offsets on the dead-letter topic.
        func committed() throws -> [TopicPartition: Int64] {
            let consumer = try KafkaConsumer(configuration: KafkaConfiguration(bootstrapServers: cluster.bootstrapServers, properties: ["group.id": group]),
                                             logger: .disabled)
            defer { consumer.close(timeout: .seconds(2)) }
            return try consumer.committedOffsets((0..<2).map { TopicPartition(topic: deadLetterTopic, partition: $0) }, timeout: .seconds(5))
        }
    }

    @Test func dryRunListsTheMatchingDeadLettersAndPublishesAndCommitsNothing() async throws {
        let fixture = try await Fixture()
        let output = BufferedOutput()
        let status = await CommandLineTool.main(["replay", "--dry-run", "--class", "transient", "--group", fixture.group],
                                                context: CommandContext(environment: fixture.environment, output: output))
        #expect(status == 0, "\(output.standardError)")
        let lines = output.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines == [
            "dlq-partition/offset\tevent-id\tclass\tcode\tfailed-at\tmessage",
            "0/0\te0\ttransient\tCode-e0\t2026-05-01T10:00:00.000Z\twent wrong for e0",
            "0/2\te2\ttransient\tCode-e2\t2026-05-01T10:00:02.000Z\twent wrong for e2",
            "dry run: 2 of 4 dead letters scanned would be replayed (nothing published, nothing committed)",
            "completed: every dead letter up to the end at the start was handled",
        ])
        #expect(output.standardError.hasPrefix("replay: dry run over \(fixture.deadLetterTopic) → \(fixture.inputTopic) (group \(fixture.group))\n"))
        #expect(try fixture.inputCount() == 0)
        #expect(try fixture.committed().isEmpty)
    }

    @Test func jsonSummaryCountsAndShowsWhereSkippedRecordsHoldTheGroup() async throws {
        let fixture = try await Fixture()
        let output = BufferedOutput()
        let status = await CommandLineTool.main(["replay", "--class", "transient", "--group", fixture.group, "--output", "json"],
                                                context: CommandContext(environment: fixture.environment, output: output))
        #expect(status == 0, "\(output.standardError)")
        #expect(output.standardOutput.filter { $0 == "\n" }.count == 1, "one JSON object: \(output.standardOutput)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [String: Any])
        #expect(object["ending"] as? String == "completed")
        #expect(object["scanned"] as? Int == 4)
        #expect(object["replayed"] as? Int == 2)
        #expect(object["skipped"] as? Int == 2)
        #expect(object["failed"] as? Int == 0)
        #expect(object["heldBack"] as? Int == 1, "e2 was replayed after the skipped e1")
        let position: [String: Any] = ["topic": fixture.deadLetterTopic, "partition": 0, "offset": 1]
        #expect((object["committed"] as? [[String: Any]])?.map(NSDictionary.init) == [NSDictionary(dictionary: position)])
        #expect((object["firstSkipped"] as? [[String: Any]])?.map(NSDictionary.init) == [NSDictionary(dictionary: position)])
        #expect(try fixture.committed() == [TopicPartition(topic: fixture.deadLetterTopic, partition: 0): 1])

        // The same selection again, as text: e0 is passed, e2 comes again (harmless), the permanent e1 is still there.
        let text = BufferedOutput()
        #expect(await CommandLineTool.main(["replay", "--class", "permanent", "--group", fixture.group, "--skip-unmatched"],
                                           context: CommandContext(environment: fixture.environment, output: text)) == 0)
        #expect(text.standardOutput.contains("replayed 1 of 3 dead letters scanned (matched 1, skipped 2)"), "\(text.standardOutput)")
        #expect(try fixture.committed() == [TopicPartition(topic: fixture.deadLetterTopic, partition: 0): 4])
    }

    @Test func textSummarySaysWhereTheGroupIsHeld() async throws {
        let fixture = try await Fixture()
        let output = BufferedOutput()
        let status = await CommandLineTool.main(["replay", "--class", "transient", "--group", fixture.group],
                                                context: CommandContext(environment: fixture.environment, output: output))
        #expect(status == 0)
        #expect(output.standardOutput.contains("not committed past the first skipped record of each partition (0/1): a later run in group "
                                               + "\(fixture.group) starts there and sees the skipped records, and replays again the 1 "
                                               + "replayed after them (harmless duplicates); --skip-unmatched passes skipped records over for good"),
                "\(output.standardOutput)")
    }

    @Test func interruptedReplayCommitsWhatItReplayedAndTheNextRunFinishesExactlyOnce() async throws {
        let fixture = try await Fixture()
        let handler = Mutex<(@Sendable () -> Void)?>(nil)
        let output = BufferedOutput()
        let context = CommandContext(environment: fixture.environment, output: output,
                                     onTerminationSignal: { action in handler.withLock { $0 = action } })
        // One record per 2 s: the signal arrives while the replay waits for its second slot.
        let run = Task { await CommandLineTool.main(["replay", "--rate", "0.5", "--group", fixture.group], context: context) }
        let started = ContinuousClock.now
        while try fixture.inputCount() < 1, ContinuousClock.now - started < .seconds(20) { try await Task.sleep(for: .milliseconds(20)) }
        try #require(try fixture.inputCount() == 1)
        handler.withLock { $0 }?()
        #expect(await run.value == 0)
        #expect(output.standardOutput.contains("replayed 1 of 2 dead letters scanned (matched 2, skipped 0)"), "\(output.standardOutput)")
        #expect(output.standardOutput.contains("interrupted; what was replayed is committed; run again to resume"))
        #expect(try fixture.committed() == [TopicPartition(topic: fixture.deadLetterTopic, partition: 0): 1])

        let rest = BufferedOutput()
        let status = await CommandLineTool.main(["replay", "--group", fixture.group], context: CommandContext(environment: fixture.environment, output: rest))
        #expect(status == 0, "\(rest.standardError)")
        #expect(rest.standardOutput.contains("replayed 3 of 3 dead letters scanned (matched 3, skipped 0)"), "\(rest.standardOutput)")
        #expect(try fixture.inputCount() == 4)
        #expect(try fixture.committed() == [TopicPartition(topic: fixture.deadLetterTopic, partition: 0): 4])
    }
}
