import BusinessCentral
import Foundation
import RelayCore

/// The outage-mode settings: the circuit breaker and the operator's admin endpoint.
extension EnvironmentReader {
    /// `RELAY_BREAKER_*`.
    func circuitBreaker(retry: RetryPolicy) throws -> CircuitBreaker.Configuration {
        let probeBase = try duration("RELAY_BREAKER_PROBE_BASE_DELAY", default: .seconds(1), minimum: .milliseconds(10))
        let probeMax = try duration("RELAY_BREAKER_PROBE_MAX_DELAY", default: .seconds(60), minimum: .milliseconds(10))
        guard probeMax >= probeBase else {
            throw ConfigurationError(setting: "RELAY_BREAKER_PROBE_MAX_DELAY", message: "is \(probeMax); it must be at least RELAY_BREAKER_PROBE_BASE_DELAY (\(probeBase))")
        }
        let configuration = CircuitBreaker.Configuration(
            isEnabled: try bool("RELAY_BREAKER_ENABLED", default: true),
            failureThreshold: try int("RELAY_BREAKER_FAILURE_THRESHOLD", default: 5, range: 1...1000),
            failureRatePercent: try int("RELAY_BREAKER_FAILURE_RATE", default: 80, range: 1...100),
            window: try int("RELAY_BREAKER_WINDOW", default: 20, range: 1...10_000),
            probeBaseDelay: probeBase, probeMaxDelay: probeMax)
        // One record's own consecutive failures must open the breaker before they exhaust its attempts, or a quiet
        // relay (one record in flight) would still dead-letter it during an outage.
        if configuration.isEnabled, configuration.failureThreshold > retry.maxAttempts {
            throw ConfigurationError(setting: "RELAY_BREAKER_FAILURE_THRESHOLD", message: """
                is \(configuration.failureThreshold); it must be at most RELAY_RETRY_MAX_ATTEMPTS (\(retry.maxAttempts)), \
                or a record alone in flight exhausts its attempts during an outage before the breaker opens
                """)
        }
        return configuration
    }

    /// `RELAY_ADMIN_TOKEN_FILE`: must hold a token of at least ``AdminEndpoint/minimumTokenLength`` characters.
    func adminTokenFile() throws -> String? {
        guard let path = string("RELAY_ADMIN_TOKEN_FILE") else { return nil }
        do {
            _ = try AdminEndpoint.readToken(path: path)
        } catch {
            throw ConfigurationError(setting: "RELAY_ADMIN_TOKEN_FILE", message: error.message)
        }
        return path
    }
}
