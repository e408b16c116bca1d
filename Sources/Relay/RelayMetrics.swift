import RelayCore
import Telemetry

/// The relay's Prometheus metrics (names are documented in the README and used by deploy/'s dashboard and alerts).
public struct RelayMetrics: Sendable {
    public let registry: MetricsRegistry
    let recordsConsumed: Counter
    let outcomes: Counter
    let deadLetters: Counter
    let bcRequests: Counter
    let bcRequestDuration: Histogram
    let retries: Counter
    let throttles: Counter
    let endToEndLatency: Histogram
    let inFlight: Gauge
    let pausedPartitions: Gauge
    let consumerLag: Gauge
    let ledgerEntries: Gauge
    let ledgerBytes: Gauge
    let ledgerRecordsRead: Counter
    let pollProgress: Gauge
    let processingProgress: Gauge
    let ready: Gauge
    let keyMismatches: Counter
    let slotConflicts: Counter
    let slotFallbacks: Counter
    let fencedRequests: Counter
    let unresolvedAttempts: Gauge
    let stages: StageHistograms
    let resumeWait: Histogram
    let circuitState: Gauge
    let circuitTransitions: Counter
    let operatorPaused: Gauge
    let rebalances: Counter

    public init(registry: MetricsRegistry = MetricsRegistry()) {
        self.registry = registry
        recordsConsumed = registry.counter("relay_records_consumed_total", help: "Input records consumed.")
        outcomes = registry.counter("relay_outcomes_total", help: "Outcome events published, by status.", labelNames: ["status"])
        deadLetters = registry.counter("relay_dlq_records_total", help: "Dead letters published, by error class.", labelNames: ["class"])
        bcRequests = registry.counter("relay_bc_requests_total", help: "Business Central requests, by operation and status class.",
                                      labelNames: ["operation", "status_class"])
        bcRequestDuration = registry.histogram("relay_bc_request_duration_seconds", help: "Business Central request latency.", labelNames: ["operation"])
        retries = registry.counter("relay_retries_total", help: "Booking retries scheduled, by failure class.", labelNames: ["class"])
        throttles = registry.counter("relay_bc_throttled_total", help: "Business Central 429 responses.")
        endToEndLatency = registry.histogram("relay_end_to_end_latency_seconds", help: "Input record timestamp to durable outcome.",
                                             buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600])
        inFlight = registry.gauge("relay_in_flight_records", help: "Records consumed whose outcome is not yet durable.")
        pausedPartitions = registry.gauge("relay_paused_partitions",
                                          help: "Input partitions paused by the relay (window full, ledger loading, circuit open or operator pause).")
        consumerLag = registry.gauge("relay_consumer_lag", help: "High watermark minus the oldest offset without a durable outcome, per assigned partition.", labelNames: ["partition"])
        ledgerEntries = registry.gauge("relay_ledger_entries", help: "Idempotency ledger entries held, per assigned partition.", labelNames: ["partition"])
        ledgerBytes = registry.gauge("relay_ledger_bytes", help: "Bytes of the idempotency ledger's table (at most 24 per entry), per assigned partition.",
                                     labelNames: ["partition"])
        ledgerRecordsRead = registry.counter("relay_ledger_records_read_total",
                                             help: "Ledger topic records read by ledger loads (a partition that comes back reads only what was written since).")
        pollProgress = registry.gauge("relay_poll_loop_last_progress_timestamp_seconds", help: "When the poll loop last completed an iteration.")
        processingProgress = registry.gauge("relay_processing_last_progress_timestamp_seconds", help: "When a booking last made progress.")
        ready = registry.gauge("relay_ready", help: "1 when /readyz passes.")
        keyMismatches = registry.counter("relay_record_key_mismatch_total",
                                         help: "Input records whose Kafka key is not their idempotency key (one key may then reach two partitions).")
        slotConflicts = registry.counter("relay_line_slot_conflicts_total",
                                         help: "Creates refused by Business Central because the line slot was taken, by whose line held it.",
                                         labelNames: ["holder"])
        slotFallbacks = registry.counter("relay_line_slot_fallbacks_total",
                                         help: "Bookings whose every line slot held another token's line: created without a line number after a lookup.")
        fencedRequests = registry.counter("relay_bc_creates_fenced_total",
                                          help: "Creates not sent because the partition was revoked or the group membership was not confirmed, by reason.",
                                          labelNames: ["reason"])
        unresolvedAttempts = registry.gauge("relay_ledger_unresolved_attempts",
                                            help: "Ledger entries still 'attempting' in the assigned partitions (post the journal when 0).")
        let stageBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]
        stages = StageHistograms(
            stages: registry.histogram("relay_stage_seconds",
                                       help: "Time a record spends in each stage (queued, attempting, create, done, outcome, commit), from the end of the one before.",
                                       labelNames: ["stage"], buckets: stageBuckets),
            record: registry.histogram("relay_record_seconds", help: "Polled to offset stored, per record.", buckets: stageBuckets))
        resumeWait = registry.histogram("relay_partition_resume_wait_seconds",
                                        help: "From a partition's resume (window drained, ledger loaded) to its next record polled.",
                                        buckets: stageBuckets)
        circuitState = registry.gauge("relay_bc_circuit_state",
                                      help: "The Business Central circuit breaker: 0 closed, 1 open (booking paused), 2 half-open (one trial call).")
        circuitTransitions = registry.counter("relay_bc_circuit_transitions_total",
                                              help: "Circuit breaker transitions, by the state entered.", labelNames: ["to"])
        operatorPaused = registry.gauge("relay_operator_paused", help: "1 while an operator has paused booking (POST /admin/pause).")
        for phase in CircuitBreaker.Phase.allCases { circuitTransitions.increment(by: 0, labels: [phase.rawValue]) }
        rebalances = registry.counter("relay_rebalances_total",
                                      help: "Consumer group rebalance events seen by this process, by kind (assigned, revoked, lost).",
                                      labelNames: ["kind"])
        registry.gauge("relay_build_info", help: "Always 1; the labels name the release and the Swift compiler that built it.",
                       labelNames: ["version", "swift"]).set(1, labels: [RelayVersion.current, RelayVersion.swift])
        ProcessMetrics.register(in: registry)
        // Known series start at 0 so that `increase()` sees the first event (alerts on DLQ and failures).
        for status in OutcomeStatus.allCases { outcomes.increment(by: 0, labels: [status.rawValue]) }
        for failureClass in FailureClass.all {
            deadLetters.increment(by: 0, labels: [failureClass.rawValue])
        }
        for failureClass in [FailureClass.transient, .throttled, .outcomeUnknown, .conflict, .authentication, .infrastructure] {
            retries.increment(by: 0, labels: [failureClass.rawValue])
        }
        throttles.increment(by: 0)
        recordsConsumed.increment(by: 0)
        ledgerRecordsRead.increment(by: 0)
        keyMismatches.increment(by: 0)
        slotFallbacks.increment(by: 0)
        for holder in ["same_token", "other_token", "empty"] { slotConflicts.increment(by: 0, labels: [holder]) }
        for reason in ["revoked", "membership"] { fencedRequests.increment(by: 0, labels: [reason]) }
        for kind in ["assigned", "revoked", "lost"] { rebalances.increment(by: 0, labels: [kind]) }
    }
}
