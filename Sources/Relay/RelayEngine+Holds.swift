import RelayCore

/// Holds on every partition: the circuit breaker open, an operator's pause.
extension RelayEngine {
    /// Pauses or resumes every partition as the gate's holds say now. The holds are read under the engine's lock, so
    /// whichever of two racing changes runs last applies the latest holds.
    func applyHolds() {
        let gate = self.gate
        run { $0.setHolds(gate.holds) }
    }
}
