// swift-tools-version:6.0
import PackageDescription

// No package dependencies by design: Foundation, Dispatch, Synchronization and librdkafka (system library) only.

// Release builds specialize the core's generics (the engine state, the JSON writer) across modules instead of calling
// them unspecialized: measured on the Kafka path's CPU per event (deploy/performance.md).
let crossModule: [SwiftSetting] = [.unsafeFlags(["-cross-module-optimization"], .when(configuration: .release))]

let package = Package(
    name: "payment-relay",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "payment-relay", targets: ["payment-relay"]),
        .executable(name: "payment-relay-bench", targets: ["payment-relay-bench"]),
    ],
    targets: [
        // librdkafka 2.0.2 from Debian (librdkafka-dev); only the Kafka module imports it.
        .systemLibrary(
            name: "CRdKafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"]), .brew(["librdkafka"])]
        ),
        // A strict JSON parser and writer that keep number literals exact (money never passes through Double), and
        // the RFC 3339 timestamp format every module writes.
        .target(name: "ExactJSON", swiftSettings: crossModule),
        // The one injected clock (wall, monotonic, sleep) and random source of the shell modules.
        .target(name: "Clocks", swiftSettings: crossModule),
        // Logger and Prometheus metrics shared by every module.
        .target(name: "Telemetry", dependencies: ["ExactJSON"], swiftSettings: crossModule),
        // The only Swift code that touches C: consumer, producer, configuration, errors, mock cluster.
        .target(name: "Kafka", dependencies: ["CRdKafka", "Telemetry"], swiftSettings: crossModule),
        // A small HTTP/1.1 server (simulator, health and metrics endpoints).
        .target(name: "HTTPServer", dependencies: ["Telemetry"]),
        // Business Central API v2.0 client behind an HTTP transport protocol.
        .target(name: "BusinessCentral", dependencies: ["Clocks", "ExactJSON", "Telemetry"], swiftSettings: crossModule),
        // A faithful Business Central simulator for tests, the demo and benchmarks.
        .target(name: "BCSimulator", dependencies: ["ExactJSON", "HTTPServer", "Telemetry"]),
        // The pure functional core: decoding, validation, transform, tokens, retry and offset decisions.
        .target(name: "RelayCore", dependencies: ["ExactJSON"], swiftSettings: crossModule),
        // The imperative shell: wires RelayCore to Kafka and Business Central.
        .target(name: "Relay", dependencies: ["RelayCore", "Clocks", "ExactJSON", "Kafka", "BusinessCentral", "HTTPServer", "Telemetry"]),
        // Command parsing and the sub-commands (run, demo, replay, check, reconcile, key, simulate-bc, mock-kafka).
        .target(name: "RelayCLI", dependencies: ["Relay", "RelayCore", "ExactJSON", "Kafka", "BusinessCentral", "BCSimulator", "HTTPServer", "Telemetry"]),
        .executableTarget(name: "payment-relay", dependencies: ["RelayCLI"]),

        // Test and benchmark kit, not in the product: a Prometheus text parser and a log sink that captures entries.
        .target(name: "RelayTestKit", dependencies: ["Clocks", "Telemetry"]),
        // The benchmark (scenarios, child processes, the report), an executable of its own: `payment-relay-bench`.
        .target(name: "RelayBench", dependencies: ["RelayCLI", "Relay", "RelayCore", "Kafka", "BusinessCentral", "BCSimulator", "HTTPServer",
                                                   "Telemetry", "RelayTestKit"]),
        .executableTarget(name: "payment-relay-bench", dependencies: ["RelayBench", "RelayCLI"]),

        .testTarget(name: "TelemetryTests", dependencies: ["Telemetry", "RelayTestKit"]),
        .testTarget(name: "ExactJSONTests", dependencies: ["ExactJSON"]),
        .testTarget(name: "KafkaTests", dependencies: ["Kafka", "Telemetry", "RelayTestKit"]),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "Telemetry"]),
        .testTarget(name: "BusinessCentralTests", dependencies: ["BusinessCentral", "Clocks", "BCSimulator", "Telemetry", "RelayTestKit"]),
        .testTarget(name: "BCSimulatorTests", dependencies: ["BCSimulator", "HTTPServer", "Telemetry"]),
        .testTarget(name: "RelayCoreTests", dependencies: ["RelayCore", "ExactJSON"]),
        .testTarget(name: "RelayTests", dependencies: ["Relay", "Clocks", "RelayCore", "Kafka", "BusinessCentral", "BCSimulator", "Telemetry", "RelayTestKit"]),
        .testTarget(name: "RelayCLITests", dependencies: ["RelayCLI", "Relay", "RelayCore", "Kafka", "BusinessCentral", "BCSimulator", "Telemetry"]),
        .testTarget(name: "RelayBenchTests", dependencies: ["RelayBench", "RelayCLI"]),
    ]
)
