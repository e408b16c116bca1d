/// Outage mode for Business Central as a pure state machine: when the failures are about BC rather than the
/// records (transient, throttled, authentication, outcome unknown), the breaker opens, the shell holds every BC call
/// and pauses every partition, and probes BC on a backoff schedule; a passed probe half-opens it (one trial call at a
/// time), and the trial's answer closes it again or re-opens it. Time (a monotonic `Duration` since any origin) and
/// randomness are passed in.
///
/// It opens on ``Configuration/failureThreshold`` consecutive outage failures, or when outage failures make up at
/// least ``Configuration/failureRatePercent`` of the last ``Configuration/window`` answers. An answer about the record
/// (`permanent`, `validation`, `conflict`: BC answered) counts as healthy and resets the consecutive count.
///
/// Every transition starts a new epoch, and an answer is evidence only about the epoch its call was admitted in: a
/// call sent before an outage that fails after the breaker opened changes nothing, and neither does one that
/// succeeds late. A failure counts against its record's retry budget only when the breaker was closed when the call
/// was admitted and still is, in the same epoch, after the failure (see ``Verdict/countsAgainstBudget``).
public struct CircuitBreaker: Sendable, Equatable {
    /// The breaker's phase, as logged and exported (`relay_bc_circuit_state`: 0, 1, 2).
    public enum Phase: String, Sendable, Equatable, CaseIterable {
        case closed
        case open
        case halfOpen = "half_open"

        /// The metric value.
        public var gaugeValue: Int {
            switch self {
            case .closed: 0
            case .open: 1
            case .halfOpen: 2
            }
        }
    }

    /// The phase with its data.
    public enum State: Sendable, Equatable {
        case closed
        /// Calls are held; the next probe is due at `nextProbeAt`; `probing` while one runs.
        case open(since: Duration, nextProbeAt: Duration, probing: Bool)
        /// A probe passed: one trial call at a time is admitted; its answer decides.
        case halfOpen(since: Duration, trialInFlight: Bool)

        /// The phase without its data.
        public var phase: Phase {
            switch self {
            case .closed: .closed
            case .open: .open
            case .halfOpen: .halfOpen
            }
        }
    }

    /// What a Business Central call (or a probe) got.
    public enum Outcome: Sendable, Equatable {
        /// BC answered (a 2xx).
        case success
        /// The call failed with this class; `retryAfter` is the server's, when it sent one.
        case failure(FailureClass, retryAfter: Duration? = nil)
    }

    /// A call let through: hand it back with its answer to ``record(_:for:at:random:)`` or to ``release(_:)``.
    public struct Admission: Sendable, Equatable {
        /// The epoch the call was admitted in.
        public let epoch: Int
        /// Whether it is the half-open breaker's trial call.
        public let isTrial: Bool
    }

    /// A change of phase, for the log line and the metrics.
    public struct Transition: Sendable, Equatable {
        /// The phase left.
        public let from: Phase
        /// The phase entered.
        public let to: Phase
        /// Why, in a few words (no BC message text).
        public let reason: String
        /// When the breaker opened: the delay until the first probe.
        public let nextProbeIn: Duration?
    }

    /// What an answer did.
    public struct Verdict: Sendable, Equatable {
        /// The change of phase the answer caused, if any.
        public let transition: Transition?
        /// Whether a failure counts against its record's retry budget.
        public let countsAgainstBudget: Bool
    }

    /// The thresholds and the probe schedule.
    public let configuration: Configuration
    /// The phase with its data.
    public private(set) var state = State.closed
    /// Incremented on every transition.
    public private(set) var epoch = 0
    /// Consecutive outage failures while closed.
    public private(set) var consecutiveFailures = 0
    /// The latest answers while closed, `true` for an outage failure (a ring of ``Configuration/window``).
    private var recent: [Bool] = []
    private var recentNext = 0
    /// The probe backoff step: kept across a re-open until the breaker has stayed closed for a window of healthy
    /// answers, so a BC that passes probes but fails real calls is probed ever more slowly.
    public private(set) var probeAttempt = 0
    private var healthySinceClosed = 0

    /// A closed breaker.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Whether outage failures of this class open the breaker: failures about BC, not about the record.
    public static func isOutage(_ failureClass: FailureClass) -> Bool {
        [.transient, .throttled, .authentication, .outcomeUnknown, .infrastructure].contains(failureClass)
    }

    // MARK: Calls

    /// Lets a call through, or `nil` while it must wait (open, or half-open with the trial in flight).
    public mutating func admit() -> Admission? {
        switch state {
        case .closed:
            return Admission(epoch: epoch, isTrial: false)
        case .halfOpen(let since, trialInFlight: false):
            state = .halfOpen(since: since, trialInFlight: true)
            return Admission(epoch: epoch, isTrial: true)
        case .halfOpen, .open:
            return nil
        }
    }

    /// A call admitted ended without an answer about BC (abandoned, or served from a cache): a trial slot frees.
    public mutating func release(_ admission: Admission) {
        guard admission.isTrial, admission.epoch == epoch, case let .halfOpen(since, true) = state else { return }
        state = .halfOpen(since: since, trialInFlight: false)
    }

    /// The answer of an admitted call.
    public mutating func record(_ outcome: Outcome, for admission: Admission, at now: Duration, random: Double) -> Verdict {
        guard configuration.isEnabled else { return Verdict(transition: nil, countsAgainstBudget: true) }
        guard admission.epoch == epoch else { return Verdict(transition: nil, countsAgainstBudget: false) }
        let outage = Self.isOutage(outcome)
        switch state {
        case .closed:
            remember(outage)
            guard outage else { return Verdict(transition: nil, countsAgainstBudget: true) }
            if consecutiveFailures >= configuration.failureThreshold {
                return Verdict(transition: open(at: now, random: random, retryAfter: outcome.retryAfter,
                                                reason: "\(consecutiveFailures) consecutive failures"), countsAgainstBudget: false)
            }
            if recent.count == configuration.window, recentFailures * 100 >= configuration.failureRatePercent * configuration.window {
                return Verdict(transition: open(at: now, random: random, retryAfter: outcome.retryAfter,
                                                reason: "\(recentFailures) of the last \(configuration.window) calls failed"),
                               countsAgainstBudget: false)
            }
            return Verdict(transition: nil, countsAgainstBudget: true)
        case .halfOpen:
            if outage {
                return Verdict(transition: open(at: now, random: random, retryAfter: outcome.retryAfter, reason: "the trial call failed"),
                               countsAgainstBudget: false)
            }
            return Verdict(transition: close(reason: "the trial call was answered"), countsAgainstBudget: false)
        case .open:
            return Verdict(transition: nil, countsAgainstBudget: false)
        }
    }

    // MARK: Probes

    /// Whether a probe is due at `now`; if so it is marked running (call ``probeFinished(_:at:random:)`` after it).
    public mutating func startProbe(at now: Duration) -> Bool {
        guard case let .open(since, nextProbeAt, false) = state, now >= nextProbeAt else { return false }
        state = .open(since: since, nextProbeAt: nextProbeAt, probing: true)
        return true
    }

    /// A probe's result: success half-opens the breaker; a failure schedules the next probe one backoff step later
    /// (at least the server's `Retry-After`). Returns the transition, if any.
    public mutating func probeFinished(_ outcome: Outcome, at now: Duration, random: Double) -> Transition? {
        guard case let .open(since, _, true) = state else { return nil }
        guard outcome == .success else {
            probeAttempt += 1
            state = .open(since: since, nextProbeAt: now + probeDelay(attempt: probeAttempt, retryAfter: outcome.retryAfter, random: random),
                          probing: false)
            return nil
        }
        state = .halfOpen(since: now, trialInFlight: false)
        epoch += 1
        return Transition(from: .open, to: .halfOpen, reason: "a probe succeeded", nextProbeIn: nil)
    }

    /// Closes a breaker that has stayed half-open for ``Configuration/probeMaxDelay`` without a trial call (no
    /// booking needed BC since the probe passed), so an idle relay does not show half-open forever. Returns the
    /// transition, if any.
    public mutating func closeIfIdle(at now: Duration) -> Transition? {
        guard case let .halfOpen(since, false) = state, now - since >= configuration.probeMaxDelay else { return nil }
        return close(reason: "no call to try since the probe passed")
    }

    /// The wait before probe number `attempt`: equal jitter over `min(max, base × 2^(attempt-1))` (half the window
    /// plus up to half again), at least `retryAfter`.
    public func probeDelay(attempt: Int, retryAfter: Duration? = nil, random: Double) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let window = min(configuration.probeBaseDelay * (1 << exponent), configuration.probeMaxDelay)
        let delay = window / 2 + (window / 2) * random
        return max(delay, retryAfter ?? .zero)
    }

    // MARK: Private

    private var recentFailures: Int { recent.reduce(0) { $0 + ($1 ? 1 : 0) } }

    private static func isOutage(_ outcome: Outcome) -> Bool {
        if case let .failure(failureClass, _) = outcome { return isOutage(failureClass) }
        return false
    }

    private mutating func remember(_ outage: Bool) {
        consecutiveFailures = outage ? consecutiveFailures + 1 : 0
        if recent.count < configuration.window {
            recent.append(outage)
        } else {
            recent[recentNext] = outage
        }
        recentNext = (recentNext + 1) % configuration.window
        if !outage {
            healthySinceClosed += 1
            if healthySinceClosed >= configuration.window { probeAttempt = 0 }
        }
    }

    private mutating func open(at now: Duration, random: Double, retryAfter: Duration?, reason: String) -> Transition {
        let from = state.phase
        probeAttempt += 1
        let delay = probeDelay(attempt: probeAttempt, retryAfter: retryAfter, random: random)
        state = .open(since: now, nextProbeAt: now + delay, probing: false)
        epoch += 1
        return Transition(from: from, to: .open, reason: reason, nextProbeIn: delay)
    }

    private mutating func close(reason: String) -> Transition {
        let from = state.phase
        state = .closed
        epoch += 1
        consecutiveFailures = 0
        recent.removeAll(keepingCapacity: true)
        recentNext = 0
        healthySinceClosed = 0
        return Transition(from: from, to: .closed, reason: reason, nextProbeIn: nil)
    }
}

extension CircuitBreaker.Outcome {
    /// The server's `Retry-After` of a failure.
    var retryAfter: Duration? {
        if case let .failure(_, retryAfter) = self { return retryAfter }
        return nil
    }
}
