import Foundation
import Kafka
@testable import Relay
import RelayCore
import Synchronization
import Telemetry
import Testing
import RelayTestKit

/// The replayer on a mock cluster with hand-made dead letters (no relay running).
@Suite(.timeLimit(.minutes(2)))
struct DeadLetterReplayTests {
    @Test func dryRunListsExactlyTheMatchingRecordsAndPublishesAndCommitsNothing() async throws {
        let harness = try RelayHarness()
        let written = try await harness.publishDeadLetters([
            .init(eventId: "a", failureClass: .transient), .init(eventId: "b", failureClass: .permanent),
            .init(eventId: "c", failureClass: .transient, code: "Timeout"), .init(eventId: "d", failureClass: .malformed),
        ])
        try await harness.publishForeignRecordToDeadLetterTopic()
        let summary = try await DeadLetterReplayer(configuration: harness.replayConfiguration(
            filter: DeadLetterFilter(errorClasses: ["transient"]), dryRun: true)).run()

        #expect(summary.ending == .completed)
        #expect(summary.dryRun)
        let expected = written.filter { ["a", "c"].contains($0.eventId) }
        #expect(Set(summary.candidates.map { "\($0.partition)/\($0.offset)" }) == Set(expected.map { "\($0.partition)/\($0.offset)" }))
        #expect(Set(summary.candidates.compactMap(\.deadLetter.eventId)) == ["a", "c"])
        #expect(summary.candidates.first { $0.deadLetter.eventId == "c" }?.deadLetter.errorCode == "Timeout")
        #expect(summary.progress.scanned == 5)
        #expect(summary.progress.matched == 2)
        #expect(summary.progress.skipped == 3)
        #expect(summary.progress.replayed == 0)
        #expect(summary.committed.isEmpty)
        #expect(try harness.readAll(harness.inputTopic, partitions: harness.partitions).isEmpty)
        #expect(try harness.replayCommittedOffsets().isEmpty)
    }

    @Test func replayRepublishesOnlyMatchingRecordsWithReplayHeadersAndWithoutTheRelayOnes() async throws {
        let harness = try RelayHarness()
        let written = try await harness.publishDeadLetters([
            .init(eventId: "keep-1", originalPartition: 3, originalOffset: 17), .init(eventId: "other", code: "BadRequest"),
            .init(eventId: "keep-2", originalPartition: 1, originalOffset: 5),
        ])
        try await harness.publishForeignRecordToDeadLetterTopic()
        let summary = try await DeadLetterReplayer(configuration: harness.replayConfiguration(
            filter: DeadLetterFilter(eventIds: ["keep-1", "keep-2"]), skipUnmatched: true)).run()

        #expect(summary.ending == .completed)
        #expect(summary.progress.replayed == 2)
        #expect(summary.progress.skipped == 2)
        let replayed = try harness.readAll(harness.inputTopic, partitions: harness.partitions)
        #expect(replayed.count == 2)
        for record in replayed {
            let original = try #require(written.first { Array($0.key.utf8) == record.key })
            #expect(record.value == Array(paymentEvent(id: original.eventId).utf8))
            #expect(record.partition == original.originalPartition, "a replay lands on the original partition (per-partition ledger)")
            let headers = record.headers.map(\.key)
            #expect(headers == ["source", "relay.replay.of", "relay.replay.original", "relay.replayed.at"])
            #expect(record.header("source") == "upstream")
            #expect(record.header("relay.replay.of") == "\(harness.deadLetterTopic)/\(original.partition)/\(original.offset)")
            #expect(record.header("relay.replay.original") == "\(harness.inputTopic)/\(original.originalPartition)/\(original.originalOffset)")
            #expect(CalendarParsing.timestamp(record.header("relay.replayed.at") ?? "") != nil)
        }
        #expect(try harness.replayCommittedOffsets() == harness.deadLetterEnds())

        let again = try await DeadLetterReplayer(configuration: harness.replayConfiguration()).run()
        #expect(again.ending == .completed)
        #expect(again.progress.scanned == 0, "a finished replay resumes at the end")
        #expect(try harness.readAll(harness.inputTopic, partitions: harness.partitions).count == 2)
    }

    @Test func limitStopsEarlyAndTheNextRunReplaysTheRestExactlyOnce() async throws {
        let harness = try RelayHarness()
        _ = try await harness.publishDeadLetters((0..<10).map { .init(eventId: "e\($0)", failureClass: $0 % 3 == 0 ? .permanent : .transient) })
        let filter = DeadLetterFilter(errorClasses: ["transient"])   // 6 of 10
        let first = try await DeadLetterReplayer(configuration: harness.replayConfiguration(filter: filter, skipUnmatched: true, limit: 4)).run()
        #expect(first.ending == .limitReached)
        #expect(first.progress.replayed == 4)
        #expect(try harness.readAll(harness.inputTopic, partitions: harness.partitions).count == 4)

        let second = try await DeadLetterReplayer(configuration: harness.replayConfiguration(filter: filter, skipUnmatched: true)).run()
        #expect(second.ending == .completed)
        #expect(second.progress.replayed == 2)
        #expect(second.progress.scanned + first.progress.scanned == 10)
        let replayed = try harness.readAll(harness.inputTopic, partitions: harness.partitions)
        let replayOf = replayed.compactMap { $0.header("relay.replay.of") }
        #expect(replayOf.count == 6)
        #expect(Set(replayOf).count == 6, "no dead letter replayed twice")
        #expect(Set(replayed.compactMap { $0.key.map { String(decoding: $0, as: UTF8.self) } }) == ["k-e1", "k-e2", "k-e4", "k-e5", "k-e7", "k-e8"])
        #expect(try harness.replayCommittedOffsets() == harness.deadLetterEnds())
    }

    @Test func skippedRecordsHoldTheGroupSoALaterReplayWithAnotherFilterStillSeesThem() async throws {
        let harness = try RelayHarness()
        // One dead-letter partition, in this order: t0, p1, t2, m3, and a foreign record (never replayable).
        let written = try await harness.publishDeadLetters([
            .init(eventId: "t0", failureClass: .transient), .init(eventId: "p1", failureClass: .permanent),
            .init(eventId: "t2", failureClass: .transient), .init(eventId: "m3", failureClass: .malformed),
        ], partition: 0)
        try await harness.publishForeignRecordToDeadLetterTopic(partition: 0)
        let transient = try await DeadLetterReplayer(configuration: harness.replayConfiguration(
            filter: DeadLetterFilter(errorClasses: ["transient"]))).run()
        #expect(transient.ending == .completed)
        #expect(transient.progress.replayed == 2 && transient.progress.skipped == 3)
        #expect(transient.progress.heldBack == 1, "t2 was replayed after the skipped p1")
        let p1 = try #require(written.first { $0.eventId == "p1" })
        #expect(transient.firstSkipped == [TopicPartition(topic: harness.deadLetterTopic, partition: 0): p1.offset])
        #expect(try harness.replayCommittedOffsets() == [0: p1.offset], "the position stays at the first skipped record")

        let permanent = try await DeadLetterReplayer(configuration: harness.replayConfiguration(
            filter: DeadLetterFilter(errorClasses: ["permanent"]), skipUnmatched: true)).run()
        #expect(permanent.progress.scanned == 4, "p1, t2, m3 and the foreign record are read again")
        #expect(permanent.progress.replayed == 1)
        #expect(permanent.firstSkipped.isEmpty)
        #expect(try harness.replayCommittedOffsets() == harness.deadLetterEnds(), "--skip-unmatched passes the rest over")
        let replayed = try harness.readAll(harness.inputTopic, partitions: harness.partitions).compactMap { $0.key }
        #expect(replayed.map { String(decoding: $0, as: UTF8.self) }.sorted() == ["k-p1", "k-t0", "k-t2"])
    }

    @Test func foreignRecordsNeverHoldTheGroup() async throws {
        let harness = try RelayHarness()
        try await harness.publishForeignRecordToDeadLetterTopic(partition: 0)
        _ = try await harness.publishDeadLetters([.init(eventId: "a")], partition: 0)
        let summary = try await DeadLetterReplayer(configuration: harness.replayConfiguration()).run()
        #expect(summary.progress.replayed == 1 && summary.progress.skipped == 1)
        #expect(summary.firstSkipped.isEmpty)
        #expect(try harness.replayCommittedOffsets() == [0: 2])
    }

    @Test func rateCapSpacesRecordsOnTheInjectedClockAndProgressIsAtMostOncePerInterval() async throws {
        let harness = try RelayHarness()
        _ = try await harness.publishDeadLetters((0..<9).map { .init(eventId: "r\($0)") })
        let clock = ManualClock()
        let reports = Mutex<[ReplayProgress]>([])
        let summary = try await DeadLetterReplayer(configuration: harness.replayConfiguration(rate: 4), clock: clock)
            .run { progress in reports.withLock { $0.append(progress) } }

        #expect(summary.progress.replayed == 9)
        // 9 records at 4/s: 8 gaps of 250 ms, and the fake clock moves only when the replay sleeps.
        #expect(clock.slept == .milliseconds(2000))
        #expect(summary.progress.elapsed == .milliseconds(2000))
        #expect(summary.progress.ratePerSecond == 4.5)
        let seen = reports.withLock { $0 }
        #expect(!seen.isEmpty && seen.count <= 2, "progress at most once per second of clock time: \(seen.map(\.elapsed))")
        #expect(zip(seen, seen.dropFirst()).allSatisfy { $1.elapsed - $0.elapsed >= .seconds(1) })
        #expect(seen.allSatisfy { $0.total == 9 && $0.replayed <= 9 })
    }

    @Test func stopCommitsWhatWasReplayedAndTheNextRunResumes() async throws {
        let harness = try RelayHarness()
        _ = try await harness.publishDeadLetters((0..<8).map { .init(eventId: "s\($0)") })
        let clock = ManualClock()
        let replayer = DeadLetterReplayer(configuration: harness.replayConfiguration(rate: 2), clock: clock)
        // The first progress report comes after one second of (fake) clock time, i.e. after 3 records at 2/s.
        let first = try await replayer.run { _ in replayer.stop() }
        #expect(first.ending == .stopped)
        #expect((1..<8).contains(first.progress.replayed))
        let committed = try harness.replayCommittedOffsets()
        #expect(committed.values.reduce(0, +) == Int64(first.progress.replayed), "every replayed record is committed, nothing more: \(committed)")

        let second = try await DeadLetterReplayer(configuration: harness.replayConfiguration()).run()
        #expect(second.ending == .completed)
        #expect(first.progress.replayed + second.progress.replayed == 8)
        let replayOf = try harness.readAll(harness.inputTopic, partitions: harness.partitions).compactMap { $0.header("relay.replay.of") }
        #expect(replayOf.count == 8 && Set(replayOf).count == 8)
    }

    @Test func storedOffsetsAreCommittedPeriodicallyDuringTheRun() async throws {
        let harness = try RelayHarness()
        _ = try await harness.publishDeadLetters((0..<8).map { .init(eventId: "p\($0)") })
        var configuration = harness.replayConfiguration(rate: 2)
        configuration.commitInterval = .seconds(1)
        // Progress reports come at 1 s, 2 s and 3 s of fake clock time; a commit follows each report.
        let committedDuringRun = Mutex<[Int64]>([])
        let summary = try await DeadLetterReplayer(configuration: configuration, clock: ManualClock()).run { _ in
            let committed = (try? harness.replayCommittedOffsets().values.reduce(0, +)) ?? -1
            committedDuringRun.withLock { $0.append(committed) }
        }
        #expect(summary.progress.replayed == 8)
        let seen = committedDuringRun.withLock { $0 }
        #expect(seen.contains { $0 > 0 && $0 < 8 }, "a commit before the end of the run: \(seen)")
        #expect(try harness.replayCommittedOffsets().values.reduce(0, +) == 8)
    }

    @Test func cancellingTheTaskStopsTheReplay() async throws {
        let harness = try RelayHarness()
        _ = try await harness.publishDeadLetters((0..<3).map { .init(eventId: "c\($0)") })
        // 0.01 records/s: the second record would wait 100 s; cancellation must end the wait.
        let replayer = DeadLetterReplayer(configuration: harness.replayConfiguration(rate: 0.01))
        let task = Task { try await replayer.run() }
        #expect(await waitUntil(timeout: .seconds(20)) { (try? harness.readAll(harness.inputTopic, partitions: harness.partitions).count) == 1 })
        task.cancel()
        let summary = try await task.value
        #expect(summary.ending == .stopped)
        #expect(summary.progress.replayed == 1)
        #expect(try harness.replayCommittedOffsets().values.reduce(0, +) == 1)
    }

    @Test func missingTopicsAreReportedByName() async throws {
        let harness = try RelayHarness()
        var configuration = harness.replayConfiguration()
        configuration.deadLetterTopic = "\(harness.names).nowhere"
        await #expect(throws: DeadLetterReplayError("dead-letter topic '\(harness.names).nowhere' does not exist")) {
            try await DeadLetterReplayer(configuration: configuration).run()
        }
    }

    @Test func pacerSpacesSlotsAndNeverLetsABurstThrough() {
        var pacer = ReplayPacer(recordsPerSecond: 10)
        let start = Duration.seconds(1000)
        #expect(pacer.delay(now: start) == .zero)
        #expect(pacer.delay(now: start) == .milliseconds(100))
        #expect(pacer.delay(now: start + .milliseconds(50)) == .milliseconds(150))
        #expect(pacer.delay(now: start + .seconds(10)) == .zero, "idle time is not banked as a burst")
        #expect(pacer.delay(now: start + .seconds(10)) == .milliseconds(100))
    }
}

// MARK: - Support shared with DeadLetterReplayEndToEndTests

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
    func replayConfiguration(filter: DeadLetterFilter = DeadLetterFilter(), dryRun: Bool = false, skipUnmatched: Bool = false,
                             limit: Int? = nil, rate: Double? = nil) -> DeadLetterReplayConfiguration {
        DeadLetterReplayConfiguration(kafka: kafka, deadLetterTopic: deadLetterTopic, inputTopic: inputTopic, groupId: "\(names).replay",
                                      filter: filter, dryRun: dryRun, skipUnmatched: skipUnmatched, limit: limit, maxRecordsPerSecond: rate)
    }

    /// Writes dead letters one by one (so their order is the list's) with the relay's headers after an original one,
    /// to `partition` or where their keys hash.
    func publishDeadLetters(_ letters: [SampleDeadLetter], partition: Int32? = nil) async throws -> [SampleDeadLetter] {
        var written: [SampleDeadLetter] = []
        for var letter in letters {
            let failure = BookingFailure(failureClass: letter.failureClass, code: letter.code, message: "failed: \(letter.eventId)", httpStatus: 503)
            let source = SourcePosition(topic: inputTopic, partition: letter.originalPartition, offset: letter.originalOffset)
            let headers = [KafkaHeader(key: "source", string: "upstream")]
                + DeadLetterHeaders.make(failure: failure, attempts: 4, source: source, eventId: letter.eventId, failedAt: letter.failedAt)
                .map { KafkaHeader(key: $0.0, string: $0.1) }
            let report = try await producer.send(ProducerRecord(topic: deadLetterTopic, partition: partition, key: Array(letter.key.utf8),
                                                                value: Array(paymentEvent(id: letter.eventId).utf8), headers: headers))
            letter.partition = report.partition
            letter.offset = report.offset
            written.append(letter)
        }
        return written
    }

    /// A record on the dead-letter topic that the relay did not write (no relay headers).
    func publishForeignRecordToDeadLetterTopic(partition: Int32? = nil) async throws {
        _ = try await producer.send(ProducerRecord(topic: deadLetterTopic, partition: partition, key: Array("stranger".utf8), value: Array("{}".utf8),
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

