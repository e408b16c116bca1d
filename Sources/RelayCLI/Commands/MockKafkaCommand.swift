import Foundation
import Kafka

/// `payment-relay mock-kafka`: librdkafka's mock cluster as a standalone process for local development.
enum MockKafkaCommand: RelayCommand {
    static let spec = CommandSpec(
        name: "mock-kafka",
        abstract: "Run an in-memory Kafka mock cluster (librdkafka) until SIGINT/SIGTERM.",
        discussion: "Prints the bootstrap address. Topics are created with the given partition counts (others auto-create with 4).",
        options: [
            OptionSpec(long: "brokers", valueName: "n", help: "Number of brokers.", defaultDescription: "1"),
            OptionSpec(long: "topic", valueName: "name:partitions", help: "Create a topic (repeatable).", isRepeatable: true),
        ]
    )

    static func execute(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        let brokers = try arguments.int("brokers") ?? 1
        guard (1...9).contains(brokers) else { throw UsageError("option '--brokers' must be between 1 and 9, got \(brokers)") }
        var topics: [(String, Int32)] = []
        for text in arguments.options("topic") {
            let parts = text.split(separator: ":")
            guard parts.count == 2, let count = Int32(parts[1]), count > 0, !parts[0].isEmpty else {
                throw UsageError("option '--topic' expects name:partitions, got '\(text)'")
            }
            topics.append((String(parts[0]), count))
        }
        let cluster = try MockKafkaCluster(brokers: brokers)
        for (name, partitions) in topics { try cluster.createTopic(name, partitions: partitions) }
        context.output.line("mock Kafka cluster listening: KAFKA_BOOTSTRAP_SERVERS=\(cluster.bootstrapServers)")
        for (name, partitions) in topics { context.output.line("topic \(name): \(partitions) partitions") }
        await waitForSignal(context)
        context.output.line("mock Kafka cluster stopped")
        withExtendedLifetime(cluster) {}
        return 0
    }
}

/// Suspends until SIGINT/SIGTERM.
func waitForSignal(_ context: CommandContext) async {
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        context.onTerminationSignal { continuation.resume() }
    }
}
