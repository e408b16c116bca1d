import Kafka
import Relay
import RelayCore

extension CheckCommand {
    /// Topics exist, the partition rule holds, and the ledger's cleanup.policy and retention.ms suit the relay.
    static func checkKafka(_ settings: RelaySettings, timeout: Duration, into report: inout CheckReport) {
        let topics = [("input", settings.inputTopic), ("outcome", settings.outcomeTopic), ("dead-letter", settings.deadLetterTopic),
                      ("ledger", settings.ledgerTopic)]
        do {
            let producer = try KafkaProducer(configuration: settings.kafka, logger: .disabled)
            defer { producer.close(timeout: .seconds(1)) }
            let counts = try producer.partitionCounts(topics: topics.map(\.1), timeout: timeout)
            for (role, topic) in topics {
                if let count = counts[topic] {
                    report.append(CheckResult("kafka \(role) topic", .pass, "\(topic): \(count) partitions"))
                } else {
                    report.append(CheckResult("kafka \(role) topic", .fail, "\(topic) does not exist"))
                }
            }
            if let input = counts[settings.inputTopic], let ledger = counts[settings.ledgerTopic] {
                report.append(LedgerTopicRules.partitions(input: input, ledger: ledger, inputTopic: settings.inputTopic,
                                                          ledgerTopic: settings.ledgerTopic))
            }
            if counts[settings.ledgerTopic] != nil {
                let answer = ledgerConfiguration(producer, topic: settings.ledgerTopic, timeout: timeout)
                for result in LedgerTopicRules.configuration(answer, ledgerRetention: settings.ledgerRetention) { report.append(result) }
            }
        } catch {
            report.append(CheckResult("kafka metadata", .fail, "\(error)"))
        }
    }

    /// The ledger topic's configuration, or why the broker did not give it.
    static func ledgerConfiguration(_ producer: KafkaProducer, topic: String, timeout: Duration) -> LedgerTopicRules.ConfigAnswer {
        do {
            switch try producer.topicConfigurations([topic], timeout: timeout)[topic] {
            case let .success(configs)?: return .configs(configs)
            case let .failure(error)?: return .unanswered("\(error)")
            case nil: return .unanswered("no entry for \(topic) in the answer")
            }
        } catch {
            return .unanswered("\(error)")
        }
    }
}
