import BusinessCentral
import Foundation
import Kafka
import RelayCore

/// Reads settings from environment variables by name, so every error names the variable.
public struct EnvironmentReader: Sendable {
    /// The variables.
    public let values: [String: String]

    public init(_ values: [String: String]) { self.values = values }

    /// `KAFKA_BOOTSTRAP_SERVERS` (required) plus every other `KAFKA_X_Y` as librdkafka property `x.y`
    /// (`KAFKA_GROUP_ID` excepted: the caller decides the group).
    public func kafkaConfiguration() throws -> KafkaConfiguration {
        var kafka = KafkaConfiguration(bootstrapServers: try required("KAFKA_BOOTSTRAP_SERVERS"))
        for (name, value) in values where name.hasPrefix("KAFKA_") && name != "KAFKA_BOOTSTRAP_SERVERS" && name != "KAFKA_GROUP_ID" {
            let property = name.dropFirst("KAFKA_".count).lowercased().replacingOccurrences(of: "_", with: ".")
            guard !property.isEmpty else { continue }
            if property == "enable.auto.offset.store" {
                // The relay stores an offset only once the record's outcome is durable; librdkafka's automatic store
                // would let the auto-commit pass records still being booked (lost on a crash).
                throw ConfigurationError(setting: name, message: """
                    cannot be set: the relay stores offsets itself once outcomes are durable (an automatic store \
                    would commit records still being booked)
                    """)
            }
            kafka[property] = value
        }
        return kafka
    }


    public func string(_ name: String) -> String? {
        guard let value = values[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    public func required(_ name: String) throws -> String {
        guard let value = string(name) else { throw ConfigurationError(setting: name, message: "is required") }
        return value
    }

    public func int(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = string(name) else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw ConfigurationError(setting: name, message: "must be an integer in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
        }
        return value
    }

    public func duration(_ name: String, default fallback: Duration, minimum: Duration = .zero) throws -> Duration {
        guard let text = string(name) else { return fallback }
        guard let value = DurationText.parse(text), value >= minimum else {
            throw ConfigurationError(setting: name, message: "must be a duration such as 500ms, 30s, 5m, 1h or 35d (at least \(minimum)), got '\(text)'")
        }
        return value
    }

    public func bool(_ name: String, default fallback: Bool) throws -> Bool {
        guard let text = string(name)?.lowercased() else { return fallback }
        switch text {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ConfigurationError(setting: name, message: "must be true or false, got '\(text)'")
        }
    }

    public func url(_ name: String) throws -> URL? {
        guard let text = string(name) else { return nil }
        guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme.lowercased()), url.host != nil else {
            throw ConfigurationError(setting: name, message: "must be an absolute http(s) URL, got '\(URLRedaction.redacted(text))'")
        }
        return url
    }

    public func topic(_ name: String, default fallback: String) throws -> String {
        let value = string(name) ?? fallback
        let allowed = value.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-") }
        guard allowed, value.count <= 249, value != ".", value != ".." else {
            throw ConfigurationError(setting: name, message: "is not a valid Kafka topic name: '\(value)'")
        }
        return value
    }

}
