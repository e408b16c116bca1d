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
        while !pollStop.isStopped {
            for (topicPartition, pause) in engine.drainFlowRequests() {
                do {
                    if pause { try consumer.pause([topicPartition]) } else { try consumer.resume([topicPartition]) }
                } catch {
                    logger.debug("pause/resume skipped", ["kafka.partition": String(topicPartition.partition), "kafka.error": "\(error)"])
                }
            }
            do {
                if let record = try consumer.poll(timeout: .milliseconds(20)) {
                    if stopFlag.isStopped { continue }   // not tracked: redelivered after the restart
                    engine.accept(record)
                }
            } catch {
                logger.critical("fatal consumer error; shutting down", ["kafka.error": "\(error)"])
                failure.withLock { $0 = "fatal consumer error: \(error)" }
                stop()
            }
            engine.pollTicked()
            health.pollTicked()
            metrics.pollProgress.set(clock.now().timeIntervalSince1970)
        }
    }
}
