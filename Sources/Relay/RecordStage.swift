import Clocks
import Telemetry

/// The stages a consumed record passes through, each timed from the end of the one before it
/// (`relay_stage_seconds{stage}`); a booking that skips a stage (a ledger `done` hit, a malformed event) records
/// only the stages it passes.
enum RecordStage: Int, CaseIterable, Sendable {
    /// Polled → its booking runs: task scheduling, the same-token gate, a booking slot (`RELAY_MAX_ACTIVE_BOOKINGS`), a
    /// partition's ledger still loading.
    case queued
    /// → the ledger's `attempting` entry acknowledged by the broker.
    case attempting
    /// → Business Central's create returned (with the lookups, limiter waits and retries before it).
    case create
    /// → the ledger's `done` entry acknowledged.
    case done
    /// → the outcome (and dead letter) acknowledged.
    case outcome
    /// → the offset stored for commit: waiting for the earlier records of the partition (the contiguous done mark).
    case commit

    /// The `stage` label value.
    var label: String {
        switch self {
        case .queued: "queued"
        case .attempting: "attempting"
        case .create: "create"
        case .done: "done"
        case .outcome: "outcome"
        case .commit: "commit"
        }
    }
}

/// The stage histograms resolved once, so a mark costs a clock read and one series lock.
struct StageHistograms: Sendable {
    private let series: [HistogramSeries]
    /// `relay_record_seconds`: polled → offset stored.
    let record: HistogramSeries

    init(stages: Histogram, record: Histogram) {
        series = RecordStage.allCases.map { stages.series([$0.label]) }
        self.record = record.series([])
    }

    /// Observes `duration` for `stage`.
    func observe(_ stage: RecordStage, _ duration: Duration) {
        series[stage.rawValue].observe(duration)
    }
}

/// A record's running stage clock: each ``mark(_:)`` observes the time since the previous mark, on the service
/// clock's monotonic time.
struct StageTimer {
    private let histograms: StageHistograms
    private let clock: any ServiceClock
    private var last: Duration

    init(histograms: StageHistograms, clock: any ServiceClock, since start: Duration) {
        self.histograms = histograms
        self.clock = clock
        last = start
    }

    /// Observes the time since the previous mark as `stage`.
    mutating func mark(_ stage: RecordStage) {
        let now = clock.uptime()
        histograms.observe(stage, now - last)
        last = now
    }
}
