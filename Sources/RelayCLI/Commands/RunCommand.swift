import Foundation
import Relay
import Telemetry

/// `payment-relay run`: the worker, configured from the environment.
enum RunCommand: RelayCommand {
    static let spec = CommandSpec(
        name: "run",
        abstract: "Run the worker (configuration from the environment; see the README).",
        discussion: """
        Consumes RELAY_INPUT_TOPIC in consumer group KAFKA_GROUP_ID, books each event once in Business Central,
        publishes outcomes and dead letters, and serves /healthz, /readyz and /metrics on RELAY_HTTP_PORT.
        SIGTERM or SIGINT stops it gracefully within RELAY_SHUTDOWN_TIMEOUT. Exits 0 after a graceful stop,
        1 on bad configuration or a fatal error.
        """
    )

    static func execute(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        MallocArenas.limit(environment: context.environment)
        let settings = try RelaySettings.load(from: context.environment)
        let logger = Logger(label: "payment-relay", minimumLevel: settings.logLevel, sink: StreamLogSink(format: settings.logFormat))
        let service = try RelayService(settings: settings, logger: logger)
        context.onTerminationSignal { service.stop() }
        try await service.run()
        return 0
    }
}
