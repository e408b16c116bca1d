import Foundation
import Kafka
import Telemetry

/// Graceful shutdown: finish in-flight bookings, commit while still in the group, leave, flush.
extension RelayService {
    func shutdown() async {
        logger.info("shutting down: finishing in-flight bookings", ["relay.in_flight": String(engine.inFlightCount)])
        let engine = self.engine
        // Bookings held by an outage or an operator's pause cannot finish: they are abandoned now, not after the wait.
        engine.gate.beginShutdown()
        // Bookings may finish normally for the first part of the budget; the rest waits out creates already on the
        // wire (never cut short: their outcome would be unknown to the next owner). Creates not yet sent are dropped.
        let onTheWire = settings.businessCentral.requestTimeout + .seconds(1)
        let graceful = max(.zero, settings.shutdownTimeout - onTheWire)
        await runBlocking {
            engine.waitForTasks(engine.beginShutdown(), upTo: graceful)
            engine.waitForTasks(engine.abandonAll(), upTo: onTheWire)
        }
        // Commit while the poll loop still serves the group: a rebalance started by another member leaving refuses
        // commits until it completes, so retry a few times before giving up (the records are then redelivered).
        let consumer = self.consumer
        let logger = self.logger
        await runBlocking {
            for attempt in 1...5 {
                do {
                    try consumer.commit()
                    return
                } catch let error as KafkaError where error.isRetriable && attempt < 5 {
                    Thread.sleep(forTimeInterval: 0.5)
                } catch {
                    logger.warning("final commit failed; uncommitted records will be redelivered", ["kafka.error": "\(error)"])
                    return
                }
            }
        }
        pollStop.stop()
        await runBlocking { [pollExited] in pollExited.wait() }
        await runBlocking { consumer.close(timeout: .seconds(10)) }
        let publisher = self.publisher
        await runBlocking { publisher.close(timeout: .seconds(10)) }
        let server = self.server
        await runBlocking { server.stop() }
        logger.info("payment-relay stopped")
    }

    /// Runs blocking work on a dedicated thread, never on the cooperative pool.
    func runBlocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let thread = Thread {
                continuation.resume(with: Result { try work() })
            }
            thread.start()
        }
    }

    /// Runs blocking work that cannot fail on a dedicated thread.
    func runBlocking(_ work: @escaping @Sendable () -> Void) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let thread = Thread {
                work()
                continuation.resume()
            }
            thread.start()
        }
    }
}
