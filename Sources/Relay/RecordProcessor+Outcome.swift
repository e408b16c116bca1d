import Foundation
import ExactJSON
import Kafka
import RelayCore
import Telemetry

/// Publishing the outcome and dead letter of a booking, and its log line and metrics.
extension RecordProcessor {
    /// An outcome and, when not booked, its dead letter, ready to publish.
    struct PreparedOutcome: Sendable {
        let result: BookingResult
        let outcome: PaymentOutcome
        let failure: BookingFailure?
        let event: PaymentEvent?
        let records: [ProducerRecord]
    }

    /// Builds the outcome record (and the dead letter when not booked) of `result`.
    func prepareOutcome(_ result: BookingResult, attempts: Int, event: PaymentEvent?, context: RecordContext) -> PreparedOutcome {
        let now = clock.now()
        var failure: BookingFailure?
        var paymentId: UUID?
        switch result {
        case let .booked(id, _): paymentId = id
        case let .rejected(reason), let .failed(reason): failure = reason
        }
        let eventId = event?.eventId ?? (try? context.decoded.get())?.eventId ?? Self.rejectionEventId(context)
        let outcome = PaymentOutcome(
            eventId: eventId, idempotencyKey: event?.idempotencyKey, status: result.status, customerPaymentId: paymentId,
            journalCode: settings.journalCode, bcToken: event?.token.value, amount: event?.amount, attempts: attempts,
            error: failure, source: context.source, processedAt: now, customerNumber: event?.customerNumber, customerId: event?.customerId,
            documentNumber: event.flatMap(transform.documentNumber(for:)))
        var records = [ProducerRecord(topic: settings.outcomeTopic, partition: nil, key: context.record.key, value: outcome.jsonBytes(), headers: [])]
        if let failure {
            var headers = context.record.headers
            headers.removeAll { DeadLetterHeaders.all.contains($0.key) }
            for (name, value) in DeadLetterHeaders.make(failure: failure, attempts: attempts, source: context.source, eventId: eventId, failedAt: now) {
                headers.append(KafkaHeader(key: name, value: Array(value.utf8)))
            }
            records.append(ProducerRecord(topic: settings.deadLetterTopic, partition: nil, key: context.record.key, value: context.record.value, headers: headers))
        }
        return PreparedOutcome(result: result, outcome: outcome, failure: failure, event: event, records: records)
    }

    /// Publishes the outcome (and the dead letter when not booked), retrying until both are durable or the partition
    /// is taken away.
    func publish(_ result: BookingResult, attempts: Int, event: PaymentEvent?, context: RecordContext, stop: StopFlag) async throws {
        try await publish(prepareOutcome(result, attempts: attempts, event: event, context: context), started: nil, context: context, stop: stop)
    }

    /// Publishes `prepared`; `started`, when given, are its records already handed to the producer (the first round
    /// waits for them instead of sending).
    func publish(_ prepared: PreparedOutcome, started: [RelayPublisher.Delivery]?, context: RecordContext, stop: StopFlag) async throws {
        let event = prepared.event
        var attempt = 0
        var pending = prepared.records
        var inFlight = started
        while true {
            // Only what was not yet delivered is sent again: the outcome is published once.
            let failures: [(record: ProducerRecord, error: any Error)]
            if let deliveries = inFlight {
                failures = await results(of: deliveries)
                inFlight = nil
            } else {
                failures = await sendEach(pending)
            }
            guard let first = failures.first else { break }
            pending = failures.map(\.record)
            if let index = pending.firstIndex(where: { $0.topic == settings.deadLetterTopic && $0.value != nil }),
               failures.contains(where: { $0.record.topic == settings.deadLetterTopic && ($0.error as? KafkaError)?.code.isRecordTooLarge == true }) {
                // A record too large for Kafka can never be delivered: the dead letter keeps its headers and loses its
                // value (a header says so and gives the original size), and the partition moves on.
                logger.error("dead letter too large for Kafka; sent without its value", metadata(context, event, [
                    "kafka.error": "\(first.error)", "relay.original_bytes": String(pending[index].value?.count ?? 0)]))
                pending[index] = Self.withoutValue(pending[index])
                continue
            }
            attempt += 1
            logger.error("outcome not durable yet; retrying", metadata(context, event, ["kafka.error": "\(first.error)", "retry.attempt": String(attempt)]))
            // Waiting out a Kafka outage is progress as far as liveness goes: a restart would not help.
            try await waitWithHeartbeat(settings.retry.backoffWindow(attempt: attempt), stop: stop)
        }
        record(prepared.result, outcome: prepared.outcome, failure: prepared.failure, context: context, event: event)
    }

    /// Waits for every started delivery; returns the records not delivered.
    private func results(of deliveries: [RelayPublisher.Delivery]) async -> [(record: ProducerRecord, error: any Error)] {
        var failures: [(record: ProducerRecord, error: any Error)] = []
        for delivery in deliveries {
            do { _ = try await publisher.result(of: delivery) } catch { failures.append((delivery.record, error)) }
        }
        return failures
    }

    /// Sends `records` concurrently and waits for every delivery report; returns the records not delivered.
    private func sendEach(_ records: [ProducerRecord]) async -> [(record: ProducerRecord, error: any Error)] {
        if records.count == 1 {   // the common case (an outcome without a dead letter): no child task
            do {
                _ = try await publisher.send(records[0])
                return []
            } catch {
                return [(records[0], error)]
            }
        }
        return await withTaskGroup(of: (ProducerRecord, (any Error)?).self) { group in
            for record in records {
                group.addTask {
                    do {
                        _ = try await self.publisher.send(record)
                        return (record, nil)
                    } catch {
                        return (record, error)
                    }
                }
            }
            var failures: [(record: ProducerRecord, error: any Error)] = []
            for await (record, error) in group {
                if let error { failures.append((record, error)) }
            }
            return failures
        }
    }

    /// `record` without its value, with `relay.dlq.value.dropped` giving the original size.
    static func withoutValue(_ record: ProducerRecord) -> ProducerRecord {
        var trimmed = record
        trimmed.headers.append(KafkaHeader(key: DeadLetterHeaders.valueDropped, value: Array(String(record.value?.count ?? 0).utf8)))
        trimmed.value = nil
        return trimmed
    }

    static func rejectionEventId(_ context: RecordContext) -> String? {
        if case let .failure(rejection) = context.decoded { return rejection.eventId }
        return nil
    }

    private func record(_ result: BookingResult, outcome: PaymentOutcome, failure: BookingFailure?, context: RecordContext, event: PaymentEvent?) {
        metrics.outcomes.increment(labels: [result.status.rawValue])
        if let failure { metrics.deadLetters.increment(labels: [failure.failureClass.rawValue]) }
        if let timestamp = context.record.timestamp {
            metrics.endToEndLatency.observe(max(0, outcome.processedAt.timeIntervalSince(timestamp)))
        }
        var extra = ["payment.status": result.status.rawValue, "retry.attempt": String(outcome.attempts)]
        if let id = outcome.customerPaymentId { extra["bc.payment_id"] = UUIDText.lowercased(id) }
        if let failure {
            extra["error.class"] = failure.failureClass.rawValue
            extra["error.code"] = failure.code ?? ""
            extra["error.message"] = DeadLetterHeaders.truncated(failure.message, toBytes: 256)
            if let status = failure.httpStatus { extra["bc.status"] = String(status) }
        }
        let message: String
        switch result.status {
        case .created: message = "payment booked"
        case .duplicate: message = "payment already booked"
        case .rejected: message = "payment rejected"
        case .failed: message = "payment failed"
        }
        let meta = metadata(context, event, extra)
        if failure != nil { logger.warning(message, meta) } else { logger.info(message, meta) }
    }

    func metadata(_ context: RecordContext, _ event: PaymentEvent?, _ extra: [String: String]) -> [String: String] {
        var meta = ["kafka.partition": String(context.record.partition), "kafka.offset": String(context.record.offset)]
        if let event {
            meta["payment.event_id"] = event.eventId
            meta["bc.token"] = event.token.value
        } else if let id = Self.rejectionEventId(context) {
            meta["payment.event_id"] = id
        }
        meta.merge(extra) { _, new in new }
        return meta
    }
}
