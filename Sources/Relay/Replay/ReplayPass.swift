import Foundation
import Kafka
import RelayCore
import Telemetry
import Clocks

/// One run of a ``DeadLetterReplayer``, on its own thread: the consumer is polled from this thread only.
struct ReplayPass {
    let replayer: DeadLetterReplayer
    let progressHandler: @Sendable (ReplayProgress) -> Void
    private var configuration: DeadLetterReplayConfiguration { replayer.configuration }
    private var clock: any ServiceClock { replayer.clock }
    private var logger: Logger { replayer.logger }

    private var progress = ReplayProgress()
    private var candidates: [ReplayCandidate] = []
    private var pacer: ReplayPacer?
    /// Per partition, the first record skipped while unmatched records are held: no position is stored past it.
    private var firstSkipped: [TopicPartition: Int64] = [:]

    init(replayer: DeadLetterReplayer, progress: @escaping @Sendable (ReplayProgress) -> Void) {
        self.replayer = replayer
        self.progressHandler = progress
        pacer = replayer.configuration.maxRecordsPerSecond.map(ReplayPacer.init(recordsPerSecond:))
    }

    /// Plans, replays and commits; the consumer and producer are closed on every path (closing commits what was stored).
    mutating func run() throws -> ReplaySummary {
        let started = clock.uptime()
        let producer = try KafkaProducer(configuration: producerConfiguration(), logger: logger.labelled("kafka.producer"))
        defer { producer.close(timeout: .seconds(10)) }
        let inputPartitions = try checkTopics(producer)
        let consumer = try KafkaConsumer(configuration: consumerConfiguration(), logger: logger.labelled("kafka.consumer"))
        defer { consumer.close(timeout: .seconds(10)) }
        let plan = try ReplayPlan.make(consumer: consumer, topic: configuration.deadLetterTopic, partitions: inputPartitions.deadLetter)
        progress.total = plan.total
        logger.info("replay started", ["kafka.topic": configuration.deadLetterTopic, "kafka.group": configuration.groupId,
                                       "replay.records": String(plan.total), "replay.dry_run": String(configuration.dryRun)])
        var ending = ReplaySummary.Ending.completed
        if !plan.ends.isEmpty {
            try consumer.assign(plan.starts.mapValues { KafkaOffset.specific($0) })
            ending = try replay(plan, consumer: consumer, producer: producer, inputPartitions: inputPartitions.input, started: started)
        }
        progress.elapsed = clock.uptime() - started
        var summary = ReplaySummary(ending: ending, dryRun: configuration.dryRun, progress: progress, candidates: candidates)
        summary.firstSkipped = firstSkipped
        if !configuration.dryRun {
            summary.commitError = finalCommit(consumer)
            if summary.commitError == nil {
                summary.committed = (try? consumer.committedOffsets(plan.partitions, timeout: .seconds(10))) ?? [:]
            }
        }
        logger.info("replay finished", ["replay.ending": "\(ending)", "replay.scanned": String(progress.scanned),
                                        "replay.replayed": String(progress.replayed), "replay.skipped": String(progress.skipped)])
        return summary
    }

    /// The loop: poll, select, publish, store; until every partition reached its end, the limit, a stop or a failure.
    private mutating func replay(_ plan: ReplayPlan, consumer: KafkaConsumer, producer: KafkaProducer, inputPartitions: Int,
                                 started: Duration) throws -> ReplaySummary.Ending {
        var pending = Set(plan.ends.keys)
        var lastProgress = started, lastCommit = started
        while !pending.isEmpty {
            if replayer.isStopRequested { return .stopped }
            let now = clock.uptime()
            if now - lastProgress >= configuration.progressInterval {
                progress.elapsed = now - started
                progressHandler(progress)
                lastProgress = now
            }
            if !configuration.dryRun, now - lastCommit >= configuration.commitInterval {
                commitQuietly(consumer)
                lastCommit = now
            }
            guard let record = try consumer.poll(timeout: .milliseconds(100)) else {
                // The end may sit past records never delivered (compaction, transaction markers).
                pending = pending.filter { (consumer.position($0) ?? -1) < plan.ends[$0]! }
                continue
            }
            let topicPartition = record.topicPartition
            guard let end = plan.ends[topicPartition], record.offset < end else {
                pending.remove(topicPartition)   // beyond the snapshot: left for the next run
                continue
            }
            if record.offset + 1 >= end { pending.remove(topicPartition) }
            progress.scanned += 1
            guard let metadata = DeadLetterMetadata(record: record) else {
                // Not a dead letter of this relay: no filter can ever select it, so holding the position would only
                // make every later run read it again.
                progress.skipped += 1
                try storePosition(after: record, consumer)
                continue
            }
            guard configuration.filter.matches(metadata) else {
                progress.skipped += 1
                if configuration.skipUnmatched {
                    try storePosition(after: record, consumer)
                } else if firstSkipped[topicPartition] == nil {
                    firstSkipped[topicPartition] = record.offset
                }
                continue
            }
            progress.matched += 1
            if configuration.dryRun {
                candidates.append(ReplayCandidate(partition: record.partition, offset: record.offset, deadLetter: metadata))
                if let limit = configuration.limit, progress.matched >= limit { return .limitReached }
                continue
            }
            if let pacer, !waitForSlot(pacer) { return .stopped }
            let outgoing = ReplayHeaders.record(replaying: record, metadata: metadata, inputTopic: configuration.inputTopic,
                                                inputPartitions: inputPartitions, now: clock.now())
            switch Self.publish(outgoing, producer) {
            case let .failure(error):
                logger.error("replay publish failed; stopping", ["kafka.partition": String(record.partition), "kafka.offset": String(record.offset),
                                                                  "kafka.error": "\(error)"])
                return .failed("dead letter \(record.partition)/\(record.offset) not published: \(error)")
            case let .success(report):
                progress.replayed += 1
                if firstSkipped[topicPartition] != nil { progress.heldBack += 1 }
                try storePosition(after: record, consumer)
                logger.debug("dead letter replayed", ["kafka.partition": String(record.partition), "kafka.offset": String(record.offset),
                                                      "payment.event_id": metadata.eventId ?? "",
                                                      "replay.to": "\(report.topic)/\(report.partition)/\(report.offset)"])
            }
            if let limit = configuration.limit, progress.replayed >= limit { return .limitReached }
        }
        return .completed
    }

    /// Stores `record.offset + 1` unless this is a dry run or the partition holds an earlier skipped record.
    private func storePosition(after record: KafkaRecord, _ consumer: KafkaConsumer) throws {
        guard !configuration.dryRun, firstSkipped[record.topicPartition] == nil else { return }
        try consumer.storeOffset(after: record)
    }

    /// Sleeps until the pacer's next slot in short steps, so a stop is honoured; false when stopped meanwhile.
    private mutating func waitForSlot(_ current: ReplayPacer) -> Bool {
        var pacer = current
        var remaining = pacer.delay(now: clock.uptime())
        self.pacer = pacer
        while remaining > .zero {
            if replayer.isStopRequested { return false }
            let step = min(remaining, .milliseconds(100))
            clock.sleepBlocking(for: step)
            remaining -= step
        }
        return !replayer.isStopRequested
    }
}
