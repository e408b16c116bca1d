import Foundation

/// What the idempotency ledger topic must be, decided from what the broker reports. Pure; start-up, `check` and the
/// docs state the same rules.
///
/// - Partitions: ``partitionRule``. A ledger entry is written to the partition number of its input record, so an
///   input partition without its ledger partition could not be de-duplicated.
/// - `cleanup.policy` must include `compact`: the latest entry per token is what the relay reloads.
/// - With `delete` in the policy, `retention.ms` must be `-1` or at least `RELAY_LEDGER_RETENTION`, or entries
///   would be deleted while the relay still relies on them. With `compact` alone nothing is deleted by time.
public enum LedgerTopicRules {
    /// The partition rule, word for word as in the README and `deploy/`.
    public static let partitionRule = "the ledger topic needs at least as many partitions as the input topic"

    /// What a broker answered when asked for a topic's configuration.
    public enum ConfigAnswer: Sendable, Equatable {
        /// The topic's configuration entries by name (`cleanup.policy`, `retention.ms`, ...).
        case configs([String: String])
        /// The broker did not answer (no DescribeConfigs support, no permission, timeout): why.
        case unanswered(String)
    }

    /// The partition check: pass when `ledger >= input`.
    public static func partitions(input: Int, ledger: Int, inputTopic: String, ledgerTopic: String) -> CheckResult {
        if ledger >= input {
            return CheckResult("kafka partition counts", .pass, "ledger \(ledger) ≥ input \(input) (\(partitionRule))")
        }
        return CheckResult("kafka partition counts", .fail,
                           "ledger \(ledgerTopic) has \(ledger) partitions, input \(inputTopic) has \(input): \(partitionRule)")
    }

    /// The `cleanup.policy` and `retention.ms` checks of the ledger topic.
    public static func configuration(_ answer: ConfigAnswer, ledgerRetention: Duration) -> [CheckResult] {
        let policyName = "kafka ledger cleanup.policy", retentionName = "kafka ledger retention.ms"
        guard case let .configs(configs) = answer else {
            guard case let .unanswered(reason) = answer else { return [] }
            let detail = "unknown (broker did not answer DescribeConfigs: \(reason))"
            return [CheckResult(policyName, .warn, detail), CheckResult(retentionName, .warn, detail)]
        }
        let policies = configs["cleanup.policy"].map(Self.policies)
        return [cleanupPolicy(policies, raw: configs["cleanup.policy"], name: policyName),
                retention(configs["retention.ms"], policies: policies, ledgerRetention: ledgerRetention, name: retentionName)]
    }

    /// `compact,delete` → `["compact", "delete"]` (brackets, spaces and case forgiven).
    static func policies(_ text: String) -> Set<String> {
        Set(text.lowercased().split { $0 == "," || $0 == "[" || $0 == "]" || $0 == " " }.map(String.init))
    }

    private static func cleanupPolicy(_ policies: Set<String>?, raw: String?, name: String) -> CheckResult {
        guard let policies, let raw else { return CheckResult(name, .warn, "unknown (the broker did not report cleanup.policy)") }
        if policies.contains("compact") { return CheckResult(name, .pass, raw) }
        return CheckResult(name, .fail, "\(raw); the ledger must be compacted: cleanup.policy=compact,delete")
    }

    private static func retention(_ raw: String?, policies: Set<String>?, ledgerRetention: Duration, name: String) -> CheckResult {
        let needed = DurationText.format(ledgerRetention)
        if let policies, !policies.contains("delete") {
            return CheckResult(name, .pass, "not applied (cleanup.policy has no delete: entries are only compacted)")
        }
        guard let raw else { return CheckResult(name, .warn, "unknown (the broker did not report retention.ms)") }
        guard let milliseconds = Int64(raw.trimmingCharacters(in: .whitespaces)) else {
            return CheckResult(name, .warn, "unreadable value '\(raw)'")
        }
        if milliseconds < 0 { return CheckResult(name, .pass, "\(raw) (unlimited)") }
        let retention = Duration.milliseconds(milliseconds)
        if retention >= ledgerRetention {
            return CheckResult(name, .pass, "\(raw) (\(DurationText.format(retention))) ≥ RELAY_LEDGER_RETENTION (\(needed))")
        }
        return CheckResult(name, .fail, "\(raw) (\(DurationText.format(retention))) < RELAY_LEDGER_RETENTION (\(needed)): "
                           + "entries would be deleted while the relay still relies on them")
    }
}
