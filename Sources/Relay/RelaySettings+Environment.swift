import BusinessCentral
import Foundation
import Kafka
import RelayCore
import Telemetry

extension RelaySettings {
    /// Reads the settings from environment variables; throws a ``ConfigurationError`` naming the first bad setting.
    public static func load(from values: [String: String]) throws -> RelaySettings {
        let env = EnvironmentReader(values)
        let kafka = try env.kafkaConfiguration()
        let groupId = env.string("KAFKA_GROUP_ID") ?? "payment-relay"

        let businessCentral = try env.businessCentralConfiguration()
        if businessCentral.externalDocumentNumberMaxLength < IdempotencyToken.length {
            throw ConfigurationError(setting: "BC_EXTERNAL_DOCUMENT_NUMBER_LENGTH", message: """
                is \(businessCentral.externalDocumentNumberMaxLength) (API \(businessCentral.apiVersion.rawValue)), but the \
                idempotency token stored in externalDocumentNumber is \(IdempotencyToken.length) characters; a shorter \
                token cannot carry 128 bits in [A-Z0-9-]. API v1.0 documents 20: if your BC's v1.0 page accepts 35 \
                (its $metadata shows MaxLength="35"), set BC_EXTERNAL_DOCUMENT_NUMBER_LENGTH=35, else use BC_API_VERSION=v2.0
                """)
        }

        let companyText = try env.required("BC_COMPANY_ID")
        guard let companyId = UUID(uuidString: companyText.trimmingCharacters(in: CharacterSet(charactersIn: "{}"))) else {
            throw ConfigurationError(setting: "BC_COMPANY_ID", message: "must be a GUID, got '\(companyText)'")
        }
        let journalCode = (env.string("BC_JOURNAL_CODE") ?? "RELAY").uppercased()
        // BC counts characters as Unicode scalars (see TextLimit), not grapheme clusters.
        guard journalCode.unicodeScalars.count <= 10 else {
            throw ConfigurationError(setting: "BC_JOURNAL_CODE", message: "is \(journalCode.unicodeScalars.count) characters; BC allows 10 (Code[10])")
        }
        let journalName = env.string("BC_JOURNAL_NAME") ?? "Payments booked by payment-relay"
        guard journalName.unicodeScalars.count <= 100 else {
            throw ConfigurationError(setting: "BC_JOURNAL_NAME", message: "is \(journalName.unicodeScalars.count) characters; BC allows 100")
        }

        let retry = RetryPolicy(
            maxAttempts: try env.int("RELAY_RETRY_MAX_ATTEMPTS", default: 10, range: 1...1000),
            maxElapsed: try env.duration("RELAY_RETRY_MAX_ELAPSED", default: .seconds(900), minimum: .milliseconds(1)),
            baseDelay: try env.duration("RELAY_RETRY_BASE_DELAY", default: .milliseconds(500), minimum: .milliseconds(1)),
            maxDelay: try env.duration("RELAY_RETRY_MAX_DELAY", default: .seconds(60), minimum: .milliseconds(1))
        )
        let logLevelText = env.string("LOG_LEVEL") ?? "info"
        guard let logLevel = LogLevel(name: logLevelText) else {
            throw ConfigurationError(setting: "LOG_LEVEL", message: "must be one of \(LogLevel.allCases.map(\.description).joined(separator: ", ")), got '\(logLevelText)'")
        }
        let logFormatText = env.string("LOG_FORMAT") ?? "json"
        guard let logFormat = StreamLogSink.Format(rawValue: logFormatText.lowercased()) else {
            throw ConfigurationError(setting: "LOG_FORMAT", message: "must be json or text, got '\(logFormatText)'")
        }
        var settings = RelaySettings(
            kafka: kafka,
            groupId: groupId,
            inputTopic: try env.topic("RELAY_INPUT_TOPIC", default: "payments.received"),
            outcomeTopic: try env.topic("RELAY_OUTCOME_TOPIC", default: "payments.outcomes"),
            deadLetterTopic: try env.topic("RELAY_DLQ_TOPIC", default: "payments.received.dlq"),
            ledgerTopic: try env.topic("RELAY_LEDGER_TOPIC", default: "payments.ledger"),
            businessCentral: businessCentral,
            companyId: companyId,
            journalCode: journalCode,
            journalDisplayName: journalName,
            companyCurrency: try env.currencyCode("BC_COMPANY_CURRENCY"),
            defaultCurrency: try env.currencyCode("RELAY_DEFAULT_CURRENCY"),
            tokenDocumentNumbers: try env.bool("RELAY_TOKEN_DOCUMENT_NUMBERS", default: false),
            maxInFlightPerPartition: try env.int("RELAY_MAX_IN_FLIGHT_PER_PARTITION", default: 64, range: 1...10_000),
            retry: retry,
            ledgerRetention: try env.duration("RELAY_LEDGER_RETENTION", default: .seconds(35 * 86_400), minimum: .seconds(60)),
            shutdownTimeout: try env.duration("RELAY_SHUTDOWN_TIMEOUT", default: .seconds(40), minimum: .seconds(1)),
            httpHost: env.string("RELAY_HTTP_HOST") ?? "0.0.0.0",
            httpPort: try env.int("RELAY_HTTP_PORT", default: 8080, range: 0...65535),
            livenessTimeout: try env.duration("RELAY_LIVENESS_TIMEOUT", default: .seconds(120), minimum: .seconds(1)),
            logLevel: logLevel,
            logFormat: logFormat
        )
        settings.allowedCompanyIds = [companyId]
        if let list = env.string("BC_ALLOWED_COMPANY_IDS") {
            for item in list.split(separator: ",").map({ $0.trimmingCharacters(in: CharacterSet(charactersIn: " {}")) }) where !item.isEmpty {
                guard let id = UUID(uuidString: item) else {
                    throw ConfigurationError(setting: "BC_ALLOWED_COMPANY_IDS", message: "must be a comma-separated list of GUIDs, got '\(item)'")
                }
                settings.allowedCompanyIds.insert(id)
            }
        }
        settings.maxInFlightBytesPerPartition = try env.int("RELAY_MAX_IN_FLIGHT_BYTES_PER_PARTITION", default: 4 * 1024 * 1024,
                                                            range: PaymentEventDecoder.maximumEventBytes...(1 << 30))
        settings.maxActiveBookings = try env.int("RELAY_MAX_ACTIVE_BOOKINGS", default: 256, range: 1...100_000)
        settings.recycleResidentMebibytes = try env.int("RELAY_RECYCLE_RSS_MIB", default: 0, range: 0...1_048_576)
        if (1..<64).contains(settings.recycleResidentMebibytes) {
            throw ConfigurationError(setting: "RELAY_RECYCLE_RSS_MIB",
                                     message: "is \(settings.recycleResidentMebibytes) MiB, below the worker's base memory (~64 MiB): it would restart at once; use 0 (off) or at least 64")
        }
        settings.httpMaxConnections = try env.int("RELAY_HTTP_MAX_CONNECTIONS", default: 16, range: 1...1024)
        settings.httpIdleTimeout = try env.duration("RELAY_HTTP_IDLE_TIMEOUT", default: .seconds(5), minimum: .milliseconds(100))
        settings.ledgerLoadTimeout = try env.duration("RELAY_LEDGER_LOAD_TIMEOUT", default: .seconds(120), minimum: .milliseconds(1))
        settings.breaker = try env.circuitBreaker(retry: retry)
        settings.adminTokenFile = try env.adminTokenFile()
        try settings.checkTopicsDistinct()
        try settings.checkShutdownTimeout()
        return settings
    }

    /// The margin `RELAY_SHUTDOWN_TIMEOUT` must leave above `BC_REQUEST_TIMEOUT`.
    public static let shutdownMargin = Duration.seconds(2)

    /// A shutdown must be able to wait out a create already sent (up to the request timeout): one cut short leaves an
    /// outcome the next owner cannot know.
    private func checkShutdownTimeout() throws {
        let needed = businessCentral.requestTimeout + Self.shutdownMargin
        guard shutdownTimeout >= needed else {
            throw ConfigurationError(setting: "RELAY_SHUTDOWN_TIMEOUT", message: """
                is \(shutdownTimeout); it must be at least BC_REQUEST_TIMEOUT (\(businessCentral.requestTimeout)) + \
                \(Self.shutdownMargin), so that a shutdown waits for creates already sent
                """)
        }
    }

    private func checkTopicsDistinct() throws {
        let topics = [("RELAY_INPUT_TOPIC", inputTopic), ("RELAY_OUTCOME_TOPIC", outcomeTopic), ("RELAY_DLQ_TOPIC", deadLetterTopic), ("RELAY_LEDGER_TOPIC", ledgerTopic)]
        for (index, (name, topic)) in topics.enumerated() {
            if let clash = topics[..<index].first(where: { $0.1 == topic }) {
                throw ConfigurationError(setting: name, message: "must differ from \(clash.0) ('\(topic)')")
            }
        }
    }
}

extension EnvironmentReader {
    /// An optional currency code (BC `Code[10]`, letters and digits), upper-cased.
    func currencyCode(_ name: String) throws -> String? {
        guard let value = string(name)?.uppercased() else { return nil }
        guard value.count <= 10, value.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) }) else {
            throw ConfigurationError(setting: name, message: "must be a currency code such as EUR (at most 10 letters or digits), got '\(value)'")
        }
        return value
    }
}
