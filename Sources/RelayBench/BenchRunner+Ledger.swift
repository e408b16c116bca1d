import Foundation
import Kafka
import Relay

/// The bench's "ledger" scenario (see `BenchCommand.spec`): the relay's ledger loads, measured by
/// `LedgerBenchmark` on a fresh mock cluster in this process.
extension BenchRunner {
    func ledgerRun() throws {
        for keys in options.ledgerKeys {
            // The mock keeps about 5 MiB per partition: one partition per 60,000 keys.
            let partitions = max(16, (keys + 59_999) / 60_000)
            let cluster = try MockKafkaCluster(brokers: 1)
            let result = try LedgerBenchmark.run(on: cluster, keys: keys, partitions: partitions)
            report.record("ledger.\(keys).load", result.fullLoadSeconds)
            report.record("ledger.\(keys).bytesPerKey", result.bytesPerKey)
            report.record("ledger.\(keys).resident", Double(result.residentBytesAfter - result.residentBytesBefore) / 1_048_576)
            report.record("ledger.\(keys).incremental", result.incrementalLoadSeconds)
            report.record("ledger.\(keys).incrementalRead", Double(result.incrementalRecordsRead))
            report.record("ledger.\(keys).pause", result.rebalancePauseSeconds)
            progress("ledger \(keys) keys / \(partitions) partitions: \(result)")
        }
    }
}
