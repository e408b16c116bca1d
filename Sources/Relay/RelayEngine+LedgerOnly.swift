import BusinessCentral
import Clocks
import Foundation
import Kafka
import Telemetry

extension RelayEngine {
    /// An engine for ledger loads alone (the ledger benchmark, tests): assignments load ledgers as in the worker, but
    /// no record is ever accepted, so its processor — wired to a Business Central address that is never called —
    /// books nothing. Its producer connects to `settings.kafka` and writes nothing.
    static func ledgerOnly(settings: RelaySettings, metrics: RelayMetrics, clock: any ServiceClock = SystemClock(),
                           logger: Logger) throws -> RelayEngine {
        let businessCentral = try BusinessCentralClient(configuration: settings.businessCentral, transport: URLSessionTransport(), logger: logger)
        let processor = RecordProcessor(settings: settings, businessCentral: businessCentral,
                                        publisher: try RelayPublisher(configuration: settings.kafka, logger: logger), metrics: metrics,
                                        health: HealthState(livenessTimeout: settings.livenessTimeout, clock: clock), clock: clock,
                                        random: SystemRandom(), logger: logger)
        return RelayEngine(settings: settings, metrics: metrics, clock: clock, logger: logger, offsetStore: NoOffsetStore(), processor: processor)
    }
}

/// Stores nothing: an engine that accepts no record has no offset to store.
private struct NoOffsetStore: OffsetStore {
    func storeOffsets(_ offsets: [TopicPartition: Int64]) throws {}
}
