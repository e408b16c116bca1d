/// Probabilistic faults and latency for a run, drawn from a seeded generator so a run is reproducible.
public struct FaultPlan: Sendable {
    /// One probabilistic fault.
    public struct Rule: Sendable {
        public var fault: Fault
        /// Probability in 0...1 per matching request.
        public var probability: Double
        public var target: FaultTarget
        public init(_ fault: Fault, probability: Double, target: FaultTarget = .any) {
            self.fault = fault
            self.probability = probability
            self.target = target
        }
    }

    /// The seed of the fault generator.
    public var seed: UInt64
    /// Latency added to every API request (not the token endpoint) before it is processed; in a `$batch`, to
    /// each operation (the batch itself adds none).
    public var latency: Duration
    /// Rules tried in order; the first whose draw hits applies.
    public var rules: [Rule]

    public init(seed: UInt64 = 42, latency: Duration = .zero, rules: [Rule] = []) {
        self.seed = seed
        self.latency = latency
        self.rules = rules
    }

    /// No faults, no latency.
    public static let none = FaultPlan()
}
