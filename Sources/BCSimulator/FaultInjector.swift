import Synchronization

/// Decides which fault, if any, hits a request: scripted faults first (in order), then the plan's rules.
final class FaultInjector: Sendable {
    private struct State {
        var plan: FaultPlan
        var generator: SeededGenerator
        var scripted: [(fault: Fault, target: FaultTarget)] = []
    }

    private let state: Mutex<State>

    init(plan: FaultPlan) {
        state = Mutex(State(plan: plan, generator: SeededGenerator(seed: plan.seed)))
    }

    func setPlan(_ plan: FaultPlan) {
        state.withLock {
            $0.plan = plan
            $0.generator = SeededGenerator(seed: plan.seed)
        }
    }

    func enqueue(_ faults: [Fault], target: FaultTarget) {
        state.withLock { $0.scripted.append(contentsOf: faults.map { (fault: $0, target: target) }) }
    }

    var latency: Duration { state.withLock { $0.plan.latency } }

    /// Scripted faults not yet consumed.
    var pendingScripted: Int { state.withLock { $0.scripted.count } }

    func fault(for kind: RequestKind) -> Fault? {
        state.withLock { state in
            if let index = state.scripted.firstIndex(where: { $0.target.matches(kind) }) {
                return state.scripted.remove(at: index).fault
            }
            for rule in state.plan.rules where rule.target.matches(kind) && rule.probability > 0 {
                if Double.random(in: 0..<1, using: &state.generator) < rule.probability { return rule.fault }
            }
            return nil
        }
    }
}
