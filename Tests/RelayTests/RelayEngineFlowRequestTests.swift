import BusinessCentral
import Clocks
import Foundation
import Kafka
@testable import Relay
import Testing

/// The pause/resume requests the poll thread applies: a pause and a resume queued between two poll iterations cancel
/// out (holds toggle quickly: an operator's pause and resume, a breaker opening and passing its first probe).
@Suite struct RelayEngineFlowRequestTests {
    private let partition = TopicPartition(topic: "in", partition: 0)

    /// An engine whose consumer is never polled (offsets go nowhere).
    private struct NoOffsets: OffsetStore {
        func storeOffsets(_ offsets: [TopicPartition: Int64]) throws {}
    }

    private func engine() throws -> RelayEngine {
        let settings = RelaySettings(kafka: KafkaConfiguration(bootstrapServers: "127.0.0.1:1"),
                                     businessCentral: BusinessCentralConfiguration(apiBaseURL: URL(string: "https://bc.example/api/v2.0")!,
                                                                                   tokenURL: URL(string: "https://login.example/token")!,
                                                                                   clientId: "c", clientSecret: Secret("s")),
                                     companyId: UUID())
        let clock = SystemClock(), metrics = RelayMetrics()
        let processor = RecordProcessor(settings: settings, businessCentral: FakeBusinessCentral(),
                                        publisher: try RelayPublisher(configuration: settings.kafka, logger: .disabled), metrics: metrics,
                                        health: HealthState(livenessTimeout: .seconds(60), clock: clock), clock: clock, random: SystemRandom(),
                                        logger: .disabled)
        return RelayEngine(settings: settings, metrics: metrics, clock: clock, logger: .disabled, offsetStore: NoOffsets(), processor: processor)
    }

    /// Before: the later request won, so a pause and a resume in one iteration became a resume of a partition
    /// librdkafka had never paused.
    @Test func oppositeRequestsBetweenTwoPollsCancelOut() throws {
        let engine = try engine()
        engine.run { _ in [.pause(partition), .resume(partition)] }
        #expect(engine.drainFlowRequests().isEmpty)
        engine.run { _ in [.pause(partition)] }
        #expect(engine.drainFlowRequests() == [partition: true])
        engine.run { _ in [.resume(partition)] }
        engine.run { _ in [.pause(partition)] }
        #expect(engine.drainFlowRequests().isEmpty, "stays paused as applied")
        engine.run { _ in [.resume(partition)] }
        #expect(engine.drainFlowRequests() == [partition: false])
    }
}
