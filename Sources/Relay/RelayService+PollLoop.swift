import Foundation
import Kafka
import Telemetry

/// The poll thread: the only thread that polls, pauses and resumes the consumer.
extension RelayService {
    func startPollThread() {
        let thread = Thread { [self] in pollLoop() }
        thread.name = "kafka-poll"
        thread.start()
    }

    func pollLoop() {
        health.setPollLoopRunning(true)
        defer {
            health.setPollLoopRunning(false)
            pollExited.signal()
        }
        // When each partition was last resumed, until its next record: `relay_partition_resume_wait_seconds`.
        var resumedAt: [TopicPartition: Duration] = [:]
        var lastLeaseTick = clock.uptime() - .seconds(1), lastHealthTick = lastLeaseTick
        while !pollStop.isStopped {
            for (topicPartition, pause) in engine.drainFlowRequests() {
                do {
                    if pause { try consumer.pause([topicPartition]) } else { try consumer.resume([topicPartition]) }
                    resumedAt[topicPartition] = pause ? nil : clock.uptime()
                } catch {
                    logger.debug("pause/resume skipped", ["kafka.partition": String(topicPartition.partition), "kafka.error": "\(error)"])
                }
            }
            do {
                if let record = try consumer.poll(timeout: .milliseconds(20)) {
                    if stopFlag.isStopped { continue }   // not tracked: redelivered after the restart
                    if !resumedAt.isEmpty, let since = resumedAt.removeValue(forKey: record.topicPartition) {
                        metrics.resumeWait.observe(clock.uptime() - since)
                    }
                    engine.accept(record)
                }
            } catch {
                logger.critical("fatal consumer error; shutting down", ["kafka.error": "\(error)"])
                failure.withLock { $0 = "fatal consumer error: \(error)" }
                stop()
            }
            // One clock read per iteration (one per record under a backlog): the lease is renewed every 10 ms at
            // most, liveness and its gauge every 100 ms; both are judged in seconds.
            let now = clock.uptime()
            if now - lastLeaseTick >= .milliseconds(10) {
                engine.pollTicked()
                lastLeaseTick = now
            }
            if now - lastHealthTick >= .milliseconds(100) {
                health.pollTicked()
                metrics.pollProgress.set(clock.now().timeIntervalSince1970)
                lastHealthTick = now
            }
        }
    }
}
