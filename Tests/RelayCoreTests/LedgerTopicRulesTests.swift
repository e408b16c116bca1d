import Testing
@testable import RelayCore

@Suite struct LedgerTopicRulesTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var configs: [String: String]
        var policy: CheckResult.Status
        var retention: CheckResult.Status
        var retentionDetail: String
        var testDescription: String { configs.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ") }
    }

    private static let day: Int64 = 86_400_000

    @Test(arguments: [
        Row(configs: ["cleanup.policy": "compact,delete", "retention.ms": "\(36 * day)"], policy: .pass, retention: .pass,
            retentionDetail: "3110400000 (36d) ≥ RELAY_LEDGER_RETENTION (35d)"),
        Row(configs: ["cleanup.policy": "compact,delete", "retention.ms": "\(35 * day)"], policy: .pass, retention: .pass,
            retentionDetail: "3024000000 (35d) ≥ RELAY_LEDGER_RETENTION (35d)"),
        Row(configs: ["cleanup.policy": "delete,compact", "retention.ms": "\(7 * day)"], policy: .pass, retention: .fail,
            retentionDetail: "604800000 (7d) < RELAY_LEDGER_RETENTION (35d): entries would be deleted while the relay still relies on them"),
        Row(configs: ["cleanup.policy": "[compact, delete]", "retention.ms": "-1"], policy: .pass, retention: .pass,
            retentionDetail: "-1 (unlimited)"),
        Row(configs: ["cleanup.policy": "compact", "retention.ms": "\(7 * day)"], policy: .pass, retention: .pass,
            retentionDetail: "not applied (cleanup.policy has no delete: entries are only compacted)"),
        Row(configs: ["cleanup.policy": "delete", "retention.ms": "\(36 * day)"], policy: .fail, retention: .pass,
            retentionDetail: "3110400000 (36d) ≥ RELAY_LEDGER_RETENTION (35d)"),
        Row(configs: ["cleanup.policy": "COMPACT,DELETE", "retention.ms": "soon"], policy: .pass, retention: .warn,
            retentionDetail: "unreadable value 'soon'"),
        Row(configs: ["retention.ms": "\(36 * day)"], policy: .warn, retention: .pass,
            retentionDetail: "3110400000 (36d) ≥ RELAY_LEDGER_RETENTION (35d)"),
        Row(configs: ["cleanup.policy": "compact,delete"], policy: .pass, retention: .warn,
            retentionDetail: "unknown (the broker did not report retention.ms)"),
    ])
    func configurationVerdicts(_ row: Row) {
        let results = LedgerTopicRules.configuration(.configs(row.configs), ledgerRetention: .seconds(35 * 86_400))
        #expect(results.map(\.name) == ["kafka ledger cleanup.policy", "kafka ledger retention.ms"])
        #expect(results[0].status == row.policy)
        #expect(results[1].status == row.retention)
        #expect(results[1].detail == row.retentionDetail)
    }

    @Test func aPolicyWithoutCompactFailsNamingTheFix() {
        let result = LedgerTopicRules.configuration(.configs(["cleanup.policy": "delete"]), ledgerRetention: .seconds(60))[0]
        #expect(result == CheckResult("kafka ledger cleanup.policy", .fail, "delete; the ledger must be compacted: cleanup.policy=compact,delete"))
    }

    @Test func anUnansweredRequestIsAWarningForBothNotAPass() {
        let results = LedgerTopicRules.configuration(.unanswered("_TIMED_OUT(-185): Failed while waiting for controller"),
                                                     ledgerRetention: .seconds(60))
        #expect(results.map(\.status) == [.warn, .warn])
        #expect(results.allSatisfy { $0.detail == "unknown (broker did not answer DescribeConfigs: _TIMED_OUT(-185): Failed while waiting for controller)" })
    }

    @Test(arguments: [(12, 12, CheckResult.Status.pass), (12, 16, .pass), (12, 6, .fail), (1, 1, .pass)])
    func partitionRuleIsLedgerAtLeastInput(_ input: Int, _ ledger: Int, _ expected: CheckResult.Status) {
        let result = LedgerTopicRules.partitions(input: input, ledger: ledger, inputTopic: "in", ledgerTopic: "led")
        #expect(result.status == expected)
        #expect(result.detail.contains(LedgerTopicRules.partitionRule), "the rule is stated the same way in every verdict")
    }

    @Test func partitionRuleTextIsTheOneTheDocsUse() {
        #expect(LedgerTopicRules.partitionRule == "the ledger topic needs at least as many partitions as the input topic")
    }

    @Test(arguments: [(Duration.seconds(35 * 86_400), "35d"), (.seconds(7200), "2h"), (.seconds(300), "5m"), (.seconds(90), "90s"),
                      (.milliseconds(1500), "1500ms"), (.zero, "0s"), (.nanoseconds(1_000_000_001), "1.000000001")])
    func durationsAreFormattedSoTheyParseBack(_ duration: Duration, _ text: String) {
        #expect(DurationText.format(duration) == text)
        #expect(DurationText.parse(text) == duration)
    }
}
