extension KafkaProducer {
    /// The configuration entries of each of `topics` as the cluster reports them (the DescribeConfigs admin request):
    /// per topic its entries by name (`cleanup.policy`, `retention.ms`, ...; defaults included, sensitive ones left
    /// out) or the broker's error for it. Blocks up to `timeout`.
    ///
    /// librdkafka sends it to the cluster's controller. Its 2.0.2 mock cluster never gets that far: the call ends
    /// after `timeout` with `_TIMED_OUT` ("Failed while waiting for controller").
    /// - Throws: ``KafkaError`` when the request as a whole fails: a broker without DescribeConfigs support
    ///   (`_UNSUPPORTED_FEATURE`), no authorisation, a timeout.
    public func topicConfigurations(_ topics: [String], timeout: Duration) throws -> [String: Result<[String: String], KafkaError>] {
        guard !topics.isEmpty else { return [:] }
        return try client.withHandle { rk in
            try DescribeConfigsCall(rk, topics: topics, timeout: timeout).run(rk, timeout: timeout + .seconds(1))
        }
    }
}
