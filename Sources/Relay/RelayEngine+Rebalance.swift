import Clocks
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
            metrics.ledgerBytes.remove(labels: [String(topicPartition.partition)])
        }
        updateGauges()
    }

    // MARK: Ledger loading

    /// Ledger loads that read at once.
    static let maxConcurrentLedgerLoads = 4

    /// Loads the partition's ledger on its own thread, from `start` when given (a kept or partly read ledger: only the
    /// entries after its offset are read). An attempt that fails or passes `RELAY_LEDGER_LOAD_TIMEOUT` keeps what it
    /// read and the next one goes on from there. A load whose generation is no longer current (revoked) stops and
    /// hands what it read to the engine state, for the partition's next load.
    func loadLedger(_ topicPartition: TopicPartition, generation: Int, from start: PartitionLedger?) {
        let loader = ledgerLoader
        let clock = self.clock
        let logger = self.logger
        let slots = ledgerLoadSlots
        let thread = Thread { [weak self] in
            var ledger = start ?? loader.emptyLedger()
            let partition = String(topicPartition.partition)
            let current = { self?.isCurrent(topicPartition, generation) ?? false }
            // Wait for a slot, giving up as soon as the partition is revoked.
            while slots.wait(timeout: .now() + .milliseconds(100)) == .timedOut {
                guard current() else {
                    self?.ledgerLoadStopped(ledger, for: topicPartition, generation: generation)
                    return
                }
            }
            defer { slots.signal() }
            var failures = 0
            while true {
                guard current() else { break }
                let before = ledger.nextOffset
                do {
                    let outcome = try loader.load(partition: topicPartition.partition, into: &ledger,
                                                  nowMillis: clock.now().millisecondsSince1970, shouldContinue: current)
                    guard outcome == .complete else { break }
                    self?.ledgerLoaded(ledger, for: topicPartition, generation: generation, resumedFrom: start?.nextOffset)
                    ProcessMemory.releaseFreeMemory()
                    return
                } catch {
                    // Progress is kept: only an attempt that read nothing waits before the next.
                    failures = ledger.nextOffset > before ? 0 : failures + 1
                    logger.log(failures == 0 ? .warning : .error, "ledger load interrupted; resuming", [
                        "kafka.partition": partition, "kafka.error": "\(error)", "ledger.offset": String(ledger.nextOffset),
                        "retry.attempt": String(failures)])
                    if failures > 0 { clock.sleepBlocking(for: .seconds(min(failures, 10))) }
                }
            }
            self?.ledgerLoadStopped(ledger, for: topicPartition, generation: generation)
        }
        thread.name = "ledger-loader-\(topicPartition.partition)"
        thread.start()
    }

    func isCurrent(_ topicPartition: TopicPartition, _ generation: Int) -> Bool {
        state.withLock { $0.core.isCurrent(topicPartition, generation: generation) }
    }

    /// The buffered records are taken in offset order under the same lock that installs the ledger, before the
    /// partition can resume (see ``RelayEngineState/ledgerLoaded(_:for:generation:)``). A load that finished after
    /// its partition was revoked is handed on like a stopped one.
    func ledgerLoaded(_ ledger: PartitionLedger, for topicPartition: TopicPartition, generation: Int, resumedFrom: Int64?) {
        run { $0.ledgerLoaded(ledger, for: topicPartition, generation: generation) }
        guard isCurrent(topicPartition, generation) else { return }
        let partition = String(topicPartition.partition)
        var fields = ["kafka.partition": partition, "ledger.entries": String(ledger.ledger.count),
                      "ledger.bytes": String(ledger.ledger.bytesUsed), "ledger.offset": String(ledger.nextOffset)]
        if let resumedFrom { fields["ledger.resumed_from"] = String(resumedFrom) }
        logger.info("ledger loaded", fields)
        metrics.ledgerEntries.set(Double(ledger.ledger.count), labels: [partition])
        metrics.ledgerBytes.set(Double(ledger.ledger.bytesUsed), labels: [partition])
    }

    /// A load stopped because its partition was revoked: what it read is where the partition's next load starts.
    func ledgerLoadStopped(_ ledger: PartitionLedger, for topicPartition: TopicPartition, generation: Int) {
        logger.debug("ledger load stopped (partition revoked)", ["kafka.partition": String(topicPartition.partition),
                                                                 "ledger.offset": String(ledger.nextOffset)])
        run { $0.ledgerLoadStopped(ledger, for: topicPartition, generation: generation) }
    }
}
