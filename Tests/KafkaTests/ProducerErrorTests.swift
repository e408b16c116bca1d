import Kafka
import Telemetry
import Testing

@Suite struct ProducerErrorTests {
    @Test(arguments: [KafkaErrorCode.requestTimedOut, .notEnoughReplicas])
    func injectedProduceErrorSurfacesAsRetriable(_ code: KafkaErrorCode) throws {
        let cluster = try MockKafkaCluster(brokers: 1)
        let topic = uniqueName("produce-retriable")
        try cluster.createTopic(topic, partitions: 1)
        let producer = try KafkaProducer(
            configuration: producerConfiguration(cluster, ["enable.idempotence": "false", "message.send.max.retries": "0"]),
            logger: .disabled)
        defer { producer.close(timeout: .seconds(5)) }
        _ = try produceAll(producer, records(topic, count: 1)).map { try $0.get() }  // connected, metadata known

        cluster.pushRequestErrors(.produce, [code])
        let result = try produceAll(producer, records(topic, count: 1, prefix: "failing"))
        let failure = try #require(throws: KafkaError.self) { try result[0].get() }
        #expect(failure.code == code)
        #expect(failure.isRetriable)
        #expect(!failure.isFatal)
        #expect(producer.fatalError == nil)

        // The producer keeps working after a retriable failure.
        #expect(try produceAll(producer, records(topic, count: 1, prefix: "after"))[0].get().offset == 1)
    }

    @Test func notLeaderIsRetriedUntilTheMessageTimesOutAndSurfacesAsRetriable() throws {
        let cluster = try MockKafkaCluster(brokers: 1)
        let topic = uniqueName("produce-not-leader")
        try cluster.createTopic(topic, partitions: 1)
        let producer = try KafkaProducer(
            configuration: producerConfiguration(cluster, ["message.timeout.ms": "1500", "retry.backoff.ms": "50"]),
            logger: .disabled)
        defer { producer.close(timeout: .seconds(5)) }
        _ = try produceAll(producer, records(topic, count: 1)).map { try $0.get() }

        cluster.pushRequestErrors(.produce, Array(repeating: .notLeaderForPartition, count: 200))
        let result = try produceAll(producer, records(topic, count: 1, prefix: "failing"))
        let failure = try #require(throws: KafkaError.self) { try result[0].get() }
        #expect(failure.isRetriable)
        #expect(!failure.isFatal)
        #expect([KafkaErrorCode.messageTimedOut, .notLeaderForPartition].contains(failure.code))
    }

    @Test func idempotentProducerRetriesTransientErrorsByItself() throws {
        let cluster = try MockKafkaCluster(brokers: 1)
        let topic = uniqueName("produce-retry")
        try cluster.createTopic(topic, partitions: 1)
        let producer = try KafkaProducer(configuration: producerConfiguration(cluster), logger: .disabled)
        defer { producer.close(timeout: .seconds(5)) }
        cluster.pushRequestErrors(.produce, [.notLeaderForPartition, .requestTimedOut, .notEnoughReplicas])
        let reports = try produceAll(producer, records(topic, count: 3)).map { try $0.get() }
        #expect(reports.map(\.offset).sorted() == [0, 1, 2])
    }

    @Test func outOfOrderSequenceIsFatalForTheIdempotentProducer() throws {
        let cluster = try MockKafkaCluster(brokers: 1)
        let topic = uniqueName("produce-fatal")
        try cluster.createTopic(topic, partitions: 1)
        let producer = try KafkaProducer(configuration: producerConfiguration(cluster), logger: .disabled)
        defer { producer.close(timeout: .seconds(5)) }
        _ = try produceAll(producer, records(topic, count: 1)).map { try $0.get() }

        cluster.pushRequestErrors(.produce, [.outOfOrderSequenceNumber])
        let result = try produceAll(producer, records(topic, count: 1, prefix: "fatal"))
        let failure = try #require(throws: KafkaError.self) { try result[0].get() }
        #expect(failure.isFatal)
        #expect(!failure.isRetriable)
        let fatal = try #require(producer.fatalError)
        #expect(fatal.isFatal)
        #expect(fatal.code == .outOfOrderSequenceNumber)
    }
}

/// ``KafkaProducer/start(_:)``: records enqueued at once from one task, their reports awaited later, in any order.
@Suite struct PendingDeliveryTests {
    @Test func startedRecordsAreDeliveredAndAwaitedLater() async throws {
        let cluster = try MockKafkaCluster(brokers: 1)
        let topic = uniqueName("pending")
        try cluster.createTopic(topic, partitions: 1)
        let producer = try KafkaProducer(configuration: producerConfiguration(cluster, [:]), logger: .disabled)
        defer { producer.close(timeout: .seconds(5)) }
        let started = records(topic, count: 3).map { producer.start($0) }
        // Awaited last to first: a report that arrived before its waiter is kept for it.
        var offsets: [Int64] = []
        for pending in started.reversed() { offsets.append(try await pending.result().get().offset) }
        #expect(offsets == [2, 1, 0])
    }

    @Test func aStartedRecordThatFailsReportsItsError() async throws {
        let cluster = try MockKafkaCluster(brokers: 1)
        let topic = uniqueName("pending-failing")
        try cluster.createTopic(topic, partitions: 1)
        let producer = try KafkaProducer(
            configuration: producerConfiguration(cluster, ["enable.idempotence": "false", "message.send.max.retries": "0"]), logger: .disabled)
        defer { producer.close(timeout: .seconds(5)) }
        _ = try await producer.start(records(topic, count: 1)[0]).result().get()  // connected, metadata known
        cluster.pushRequestErrors(.produce, [.requestTimedOut])
        let result = await producer.start(records(topic, count: 1, prefix: "failing")[0]).result()
        let failure = try #require(throws: KafkaError.self) { try result.get() }
        #expect(failure.code == .requestTimedOut)
    }
}
