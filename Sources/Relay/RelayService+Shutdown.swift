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
        // commits until it completes, so retry before giving up (the records are then redelivered, and the ledger
        // answers them). Bounded: with every broker down, a synchronous commit waits out the group session (45 s by default).
        let consumer = self.consumer
        let logger = self.logger
        let clock = self.clock
        let deadline = clock.uptime() + Self.finalCommitTimeout
        await runBlocking {
            while true {
                do {
                    try consumer.commit(timeout: max(deadline - clock.uptime(), .milliseconds(1)))
                    return
                } catch let error as KafkaError where error.isRetriable && error.code != .timedOut
                                                    && deadline - clock.uptime() > .milliseconds(500) {
                    clock.sleepBlocking(for: .milliseconds(500))   // e.g. a rebalance in progress
                } catch {
                    logger.warning("final commit failed; uncommitted records will be redelivered",
                                   ["kafka.error": "\(error)", "relay.final_commit_timeout": "\(Self.finalCommitTimeout)"])
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

    /// How long the shutdown's final commit may take, retries included.
    static let finalCommitTimeout = Duration.seconds(3)

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
