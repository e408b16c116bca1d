// swift-tools-version:6.0
import PackageDescription

// No package dependencies by design: Foundation, Dispatch, Synchronization and librdkafka (system library) only.
let package = Package(
    name: "payment-relay",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "payment-relay", targets: ["payment-relay"]),
    ],
    targets: [
        // librdkafka 2.0.2 from Debian (librdkafka-dev); only the Kafka module imports it.
        .systemLibrary(
            name: "CRdKafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"]), .brew(["librdkafka"])]
        ),
        // Logger and Prometheus metrics shared by every module.
        .target(name: "Telemetry"),
        // A strict JSON parser and writer that keep number literals exact (money never passes through Double).
        .target(name: "ExactJSON"),
        // The only Swift code that touches C: consumer, producer, configuration, errors, mock cluster.
        .target(name: "Kafka", dependencies: ["CRdKafka", "Telemetry"]),
        // A small HTTP/1.1 server (simulator, health and metrics endpoints).
        .target(name: "HTTPServer", dependencies: ["Telemetry"]),
        // Business Central API v2.0 client behind an HTTP transport protocol.
        .target(name: "BusinessCentral", dependencies: ["ExactJSON", "Telemetry"]),
        // A faithful Business Central simulator for tests, the demo and benchmarks.
        .target(name: "BCSimulator", dependencies: ["ExactJSON", "HTTPServer", "Telemetry"]),
        // The pure functional core: decoding, validation, transform, tokens, retry and offset decisions.
        .target(name: "RelayCore", dependencies: ["ExactJSON", "Telemetry"]),
        // The imperative shell: wires RelayCore to Kafka and Business Central.
        .target(name: "Relay", dependencies: ["RelayCore", "Kafka", "BusinessCentral", "HTTPServer", "Telemetry"]),
        // Command parsing and the sub-commands (run, demo, replay, check, key, simulate-bc, mock-kafka, bench).
        .target(name: "RelayCLI", dependencies: ["Relay", "RelayCore", "Kafka", "BusinessCentral", "BCSimulator", "HTTPServer", "Telemetry"]),
        .executableTarget(name: "payment-relay", dependencies: ["RelayCLI"]),

        .testTarget(name: "TelemetryTests", dependencies: ["Telemetry"]),
        .testTarget(name: "ExactJSONTests", dependencies: ["ExactJSON"]),
        .testTarget(name: "KafkaTests", dependencies: ["Kafka", "Telemetry"]),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "Telemetry"]),
        .testTarget(name: "BusinessCentralTests", dependencies: ["BusinessCentral", "BCSimulator", "Telemetry"]),
        .testTarget(name: "BCSimulatorTests", dependencies: ["BCSimulator", "HTTPServer", "Telemetry"]),
        .testTarget(name: "RelayCoreTests", dependencies: ["RelayCore", "ExactJSON"]),
        .testTarget(name: "RelayTests", dependencies: ["Relay", "RelayCore", "Kafka", "BusinessCentral", "BCSimulator", "Telemetry"]),
        .testTarget(name: "RelayCLITests", dependencies: ["RelayCLI", "Relay", "Kafka", "BCSimulator", "Telemetry"]),
    ]
)
