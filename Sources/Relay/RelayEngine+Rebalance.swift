import Foundation
import Kafka
import RelayCore
import Synchronization
import Telemetry

/// Assignment changes: ledger rebuilds on assign, draining on revoke.
extension RelayEngine {
    /// New partitions: pause them while their ledger loads, then let them flow.
    func assigned(_ partitions: [TopicPartition]) {
        let generations: [(TopicPartition, Int)] = state.withLock { state in
            state.hasJoinedGroup = true
            return partitions.map { topicPartition in
                state.generation += 1
                var partition = PartitionState(flow: PartitionFlow(maxInFlight: settings.maxInFlightPerPartition), generation: state.generation)
                Self.updatePause(&partition, topicPartition, &state.flowRequests)
                state.partitions[topicPartition] = partition
                return (topicPartition, state.generation)
            }
        }
        // While shutting down, new partitions stay paused: another member will take them.
        guard !state.withLock({ $0.isShuttingDown }) else { return }
        for (topicPartition, generation) in generations { loadLedger(topicPartition, generation: generation) }
    }

    /// Revoked or lost partitions: stop their tasks at the next step, wait for running Business Central calls to
    /// finish (so the next owner never races a create in flight), store what is done.
    func revoked(_ partitions: [TopicPartition], lost: Bool, waitUpTo deadline: Duration) {
        let tasks: [Task<Void, Never>] = state.withLock { state in
            var tasks: [Task<Void, Never>] = []
            for topicPartition in partitions {
                guard let partition = state.partitions[topicPartition] else { continue }
                partition.stop.stop()
                tasks += partition.tasks.values
                state.flowRequests[topicPartition] = nil
            }
            let revoked = Set(partitions)
            state.gate.removeWaiters { revoked.contains($0.topicPartition) }
            return tasks
        }
        tasks.forEach { $0.cancel() }
        if lost, !tasks.isEmpty {
            logger.warning("assignment lost: in-flight bookings stop; the new owner gets their records again",
                           ["kafka.partitions": partitions.map(\.description).joined(separator: ","), "relay.tasks": String(tasks.count)])
        }
        waitForTasks(tasks, upTo: deadline)
        state.withLock { state in
            for topicPartition in partitions { state.partitions[topicPartition] = nil }
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
        state.withLock { $0.partitions[topicPartition]?.generation == generation }
    }

    func ledgerLoaded(_ ledger: IdempotencyLedger, for topicPartition: TopicPartition, generation: Int) {
        let buffered: [KafkaRecord]? = state.withLock { state in
            guard var partition = state.partitions[topicPartition], partition.generation == generation else { return nil }
            partition.ledger = ledger
            let buffered = partition.buffered
            partition.buffered = []
            Self.updatePause(&partition, topicPartition, &state.flowRequests)
            state.partitions[topicPartition] = partition
            return buffered
        }
        guard let buffered else { return }
        logger.info("ledger loaded", ["kafka.partition": String(topicPartition.partition), "ledger.entries": String(ledger.count)])
        metrics.ledgerEntries.set(Double(ledger.count), labels: [String(topicPartition.partition)])
        buffered.forEach(accept)
    }
}
