import BusinessCentral
import Foundation
import Kafka
import RelayCore
import Telemetry

/// Everything `payment-relay run` needs, loaded from the environment by ``load(from:)`` (see the README's
/// configuration reference for every variable and its default).
public struct RelaySettings: Sendable {
    /// librdkafka properties shared by the consumer and producer (bootstrap, security, user overrides).
    public var kafka: KafkaConfiguration
    public var groupId: String
    public var inputTopic: String
    public var outcomeTopic: String
    public var deadLetterTopic: String
    public var ledgerTopic: String
    public var businessCentral: BusinessCentralConfiguration
    public var companyId: UUID
    public var journalCode: String
    public var journalDisplayName: String
    /// `BC_COMPANY_CURRENCY`: the company's local currency (the currency of customers whose card leaves it blank),
    /// instead of reading `companyInformation`.
    public var companyCurrency: String?
    /// `RELAY_DEFAULT_CURRENCY`: the currency of events without `currencyCode`; `nil` rejects such events.
    public var defaultCurrency: String?
    /// `RELAY_TOKEN_DOCUMENT_NUMBERS`: events without a `documentNumber` get the token's, and unresolved bookings also
    /// search the posted entries by it (the journal's number series must allow manual numbers).
    public var tokenDocumentNumbers: Bool
    public var maxInFlightPerPartition: Int
    /// `BC_ALLOWED_COMPANY_IDS`: the companies an event's `companyId` may name (default: only `companyId`); others are
    /// rejected, so a producer cannot book into (and create journals in) any company the credentials reach.
    public var allowedCompanyIds: Set<UUID> = []
    /// `RELAY_MAX_IN_FLIGHT_BYTES_PER_PARTITION`: the window's bound in bytes of record values.
    public var maxInFlightBytesPerPartition: Int = 4 * 1024 * 1024
    /// `RELAY_MAX_ACTIVE_BOOKINGS`: bookings running at once in the process, all partitions together; the other
    /// records of the windows wait for a slot without a running task (see ``BookingSlots``).
    public var maxActiveBookings: Int = 256
    /// `RELAY_RECYCLE_RSS_MIB`: resident memory (MiB) above which the worker restarts gracefully; 0 turns it off.
    public var recycleResidentMebibytes: Int = 0
    public var retry: RetryPolicy
    /// `RELAY_BREAKER_*`: outage mode — when Business Central fails for reasons not about the records, every
    /// partition pauses and BC is probed until it answers, instead of spending the records' retry budgets.
    public var breaker = CircuitBreaker.Configuration()
    /// `RELAY_ADMIN_TOKEN_FILE`: the file holding the bearer token of `/admin/pause`, `/admin/resume` and
    /// `/admin/state`; `nil` disables them (404).
    public var adminTokenFile: String?
    public var ledgerRetention: Duration
    /// `RELAY_LEDGER_LOAD_TIMEOUT`: how long one attempt to read a ledger partition may take before its consumer is
    /// recreated; the next attempt goes on from where it stopped (nothing read is lost).
    public var ledgerLoadTimeout: Duration = .seconds(120)
    public var shutdownTimeout: Duration
    /// Where `/healthz`, `/readyz` and `/metrics` listen; port 0 picks a free port (tests).
    public var httpHost: String
    public var httpPort: Int
    /// Connections the operations port holds at once (`RELAY_HTTP_MAX_CONNECTIONS`); when full, the one idle longest
    /// is closed so a probe always gets in.
    public var httpMaxConnections = 16
    /// An operations connection that sends nothing (or not a whole request) for this long is closed
    /// (`RELAY_HTTP_IDLE_TIMEOUT`).
    public var httpIdleTimeout: Duration = .seconds(5)
    /// `/healthz` fails when the poll loop or the processing loop made no progress for this long.
    public var livenessTimeout: Duration
    public var logLevel: LogLevel
    public var logFormat: StreamLogSink.Format

    public init(kafka: KafkaConfiguration, groupId: String = "payment-relay", inputTopic: String = "payments.received",
                outcomeTopic: String = "payments.outcomes", deadLetterTopic: String = "payments.received.dlq",
                ledgerTopic: String = "payments.ledger", businessCentral: BusinessCentralConfiguration, companyId: UUID,
                journalCode: String = "RELAY", journalDisplayName: String = "Payments booked by payment-relay",
                companyCurrency: String? = nil, defaultCurrency: String? = nil, tokenDocumentNumbers: Bool = false, maxInFlightPerPartition: Int = 64, retry: RetryPolicy = RetryPolicy(),
                ledgerRetention: Duration = .seconds(35 * 86_400), shutdownTimeout: Duration = .seconds(40),
                httpHost: String = "0.0.0.0", httpPort: Int = 8080, livenessTimeout: Duration = .seconds(120),
                logLevel: LogLevel = .info, logFormat: StreamLogSink.Format = .json) {
        self.kafka = kafka
        self.groupId = groupId
        self.inputTopic = inputTopic
        self.outcomeTopic = outcomeTopic
        self.deadLetterTopic = deadLetterTopic
        self.ledgerTopic = ledgerTopic
        self.businessCentral = businessCentral
        self.companyId = companyId
        self.journalCode = journalCode
        self.journalDisplayName = journalDisplayName
        self.companyCurrency = companyCurrency
        self.defaultCurrency = defaultCurrency
        self.tokenDocumentNumbers = tokenDocumentNumbers
        self.maxInFlightPerPartition = maxInFlightPerPartition
        self.retry = retry
        self.ledgerRetention = ledgerRetention
        self.shutdownTimeout = shutdownTimeout
        self.httpHost = httpHost
        self.httpPort = httpPort
        self.livenessTimeout = livenessTimeout
        self.logLevel = logLevel
        self.logFormat = logFormat
    }
}
