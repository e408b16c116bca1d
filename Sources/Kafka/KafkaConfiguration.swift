/// librdkafka properties for a consumer or producer.
///
/// Every librdkafka property passes through unchanged (`security.protocol`, `ssl.*`, `sasl.*`, ...); the typed
/// helpers in `KafkaConfiguration+Settings.swift` cover the settings the relay owns, with `Duration` in Swift and
/// milliseconds in the map. Invalid names or values are reported when a client is created.
public struct KafkaConfiguration: Sendable {
    /// The raw librdkafka properties.
    public var properties: [String: String]
    /// How long ``KafkaProducer/produce(_:completion:)`` waits for room when the local queue is full before
    /// completing with `queueFull` (not a librdkafka property).
    public var producerQueueFullTimeout: Duration = .seconds(5)

    /// Creates a configuration for the given `bootstrap.servers` plus any other properties.
    public init(bootstrapServers: String, properties: [String: String] = [:]) {
        self.properties = properties
        self.properties["bootstrap.servers"] = bootstrapServers
    }

    /// Reads or writes one librdkafka property; `nil` removes it.
    public subscript(key: String) -> String? {
        get { properties[key] }
        set { properties[key] = newValue }
    }

    /// The properties with `defaults` filled in where the caller set nothing.
    func withDefaults(_ defaults: [String: String]) -> [String: String] {
        properties.merging(defaults) { explicit, _ in explicit }
    }
}
