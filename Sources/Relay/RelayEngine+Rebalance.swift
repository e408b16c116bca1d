import Foundation
import Kafka
import RelayCore
import Synchronization
import Telemetry

/// Assignment changes: ledger loads on assign, stopping and draining on revoke.
extension RelayEngine {
    /// New partitions: paused while their ledger loads, then they flow.
    func assigned(_ partitions: [TopicPartition]) {
        state.withLock { state in
            for key in partitions { state.stops[key] = StopFlag() }
        }
        run { $0.assigned(partitions) }
    }

    /// Revoked or lost partitions: their bookings stop at the next step and drop requests not yet sent (creates are
    /// fenced besides); the wait is for BC calls already on the wire, so the next owner never races a create in
    /// flight. Then their state is dropped.
    func revoked(_ partitions: [TopicPartition], lost: Bool, waitUpTo deadline: Duration) {
        let tasks: [Task<Void, Never>] = state.withLock { state in partitions.flatMap { state.tasks[$0]?.values.map { $0 } ?? [] } }
        run { $0.revoked(partitions) }
        if lost, !tasks.isEmpty {
            logger.warning("assignment lost: in-flight bookings stop; the new owner gets their records again",
                           ["kafka.partitions": partitions.map(\.description).joined(separator: ","), "relay.tasks": String(tasks.count)])
        }
        waitForTasks(tasks, upTo: deadline)
        state.withLock { state in
            state.core.forget(partitions)
            for key in partitions {
                state.tasks[key] = nil
                state.stops[key] = nil
                state.flowRequests[key] = nil   // nothing queued for a partition this process no longer owns
            }
        }
        for topicPartition in partitions {
            metrics.consumerLag.remove(labels: [String(topicPartition.partition)])
            metrics.ledgerEntries.remove(labels: [String(topicPartition.partition)])
        }
        updateGauges()
    }

    // MARK: Ledger loading

    func loadLedger(_ topicPartition: TopicPartition, generation: Int) {
        let loader = ledgerLoader
        let clock = self.clock
        let logger = self.logger
        let thread = Thread { [weak self] in
            var attempt = 0
            while true {
                attempt += 1
                do {
                    let ledger = try loader.load(partition: topicPartition.partition, nowMillis: clock.now().millisecondsSince1970)
                    self?.ledgerLoaded(ledger, for: topicPartition, generation: generation)
                    return
                } catch {
                    logger.error("ledger load failed; retrying", ["kafka.partition": String(topicPartition.partition), "kafka.error": "\(error)", "retry.attempt": String(attempt)])
                    guard let self, self.isCurrent(topicPartition, generation) else { return }
                    Thread.sleep(forTimeInterval: min(Double(attempt), 10))
                }
            }
        }
        thread.name = "ledger-loader-\(topicPartition.partition)"
        thread.start()
    }

    func isCurrent(_ topicPartition: TopicPartition, _ generation: Int) -> Bool {
        state.withLock { $0.core.isCurrent(topicPartition, generation: generation) }
    }

    /// The buffered records are taken in offset order under the same lock that installs the ledger, before the
    /// partition can resume (see ``RelayEngineState/ledgerLoaded(_:for:generation:)``).
    func ledgerLoaded(_ ledger: IdempotencyLedger, for topicPartition: TopicPartition, generation: Int) {
        guard isCurrent(topicPartition, generation) else { return }
        run { $0.ledgerLoaded(ledger, for: topicPartition, generation: generation) }
        logger.info("ledger loaded", ["kafka.partition": String(topicPartition.partition), "ledger.entries": String(ledger.count)])
        metrics.ledgerEntries.set(Double(ledger.count), labels: [String(topicPartition.partition)])
    }
}
