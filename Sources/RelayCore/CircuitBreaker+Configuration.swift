extension CircuitBreaker {
    /// The thresholds and the probe schedule.
    public struct Configuration: Sendable, Equatable {
        /// `false`: the breaker never opens (every failure counts against its record's budget, as before outage mode).
        public let isEnabled: Bool
        /// Consecutive outage failures that open the breaker.
        public let failureThreshold: Int
        /// Outage failures, in percent of the last ``window`` answers, that open the breaker (once the window is full).
        public let failureRatePercent: Int
        /// How many of the latest answers the rate is taken over.
        public let window: Int
        /// The first probe's backoff window; doubles per failed probe.
        public let probeBaseDelay: Duration
        /// The largest probe backoff window.
        public let probeMaxDelay: Duration

        /// The defaults are the settings' defaults; out-of-range values are clamped (the settings refuse them).
        public init(isEnabled: Bool = true, failureThreshold: Int = 5, failureRatePercent: Int = 80, window: Int = 20,
                    probeBaseDelay: Duration = .seconds(1), probeMaxDelay: Duration = .seconds(60)) {
            self.isEnabled = isEnabled
            self.failureThreshold = max(1, failureThreshold)
            self.failureRatePercent = min(max(1, failureRatePercent), 100)
            self.window = max(1, window)
            self.probeBaseDelay = probeBaseDelay
            self.probeMaxDelay = max(probeMaxDelay, probeBaseDelay)
        }
    }
}
