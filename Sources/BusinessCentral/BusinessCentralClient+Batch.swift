import Foundation
import Telemetry

extension BusinessCentralClient {
    /// Sends a create, in a `$batch` with the creates queued beside it when batching is on (see ``CreateBatcher``),
    /// else on its own; the answer is the create's own (inner) response, classified as ``perform(_:)`` does.
    func performCreate(_ call: Call, path: String) async throws -> HTTPClientResponse {
        guard let batcher, batcher.isEnabled else { return try await perform(call) }
        do {
            let id = batcher.makeID()
            return try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { continuation in
                    let member = CreateBatcher.Member(id: id, call: call, path: path, continuation: continuation)
                    if batcher.enqueue(member, cancelled: Task.isCancelled, freeSlots: limiter.freeSlots) { startBatchDispatcher(batcher) }
                }
            } onCancel: {
                batcher.cancel(id)?.continuation.resume(throwing: CancellationError())
            }
        } catch is CreateBatcher.SendAlone {
            // BC refused the batch as a whole without running any of it: this create is safe to send on its own.
            return try await perform(call)
        }
    }

    /// Starts a dispatcher: it waits for a limiter slot, takes what is queued then, and sends it. An unstructured task:
    /// a booking's cancellation must not cancel a batch carrying other bookings' creates.
    private func startBatchDispatcher(_ batcher: CreateBatcher) {
        Task { await dispatchBatch(batcher) }
    }

    private func dispatchBatch(_ batcher: CreateBatcher) async {
        var taken: [CreateBatcher.Member] = [], more = false
        let units: Int
        do {
            units = try await limiter.acquire { maximum in
                (taken, more) = batcher.take(limit: maximum)
                return taken.count
            }
        } catch {
            // Not reached (this task is never cancelled); fail safe: nothing was sent.
            let (live, cancelled) = batcher.claim(taken)
            for member in live + cancelled { member.continuation.resume(throwing: error) }
            return
        }
        if more { startBatchDispatcher(batcher) }
        guard units > 0 else { return }
        let (live, cancelled) = batcher.claim(taken)
        for member in cancelled { member.continuation.resume(throwing: CancellationError()) }
        limiter.unadmit(units: units - live.count)
        switch live.count {
        case 0:
            limiter.release(.neutral, units: 0)
        case 1:
            let member = live[0]
            do {
                member.continuation.resume(returning: try await perform(member.call, admitted: true))
            } catch {
                member.continuation.resume(throwing: error)
            }
        default:
            await sendBatch(live, batcher: batcher)
        }
    }

    /// Sends `members` (holding a slot and one budget unit each) as one `$batch` with `Prefer:
    /// odata.continue-on-error`, so each create succeeds or fails on its own, and resumes each with its answer.
    ///
    /// Fences are checked here, immediately before sending; a fenced create is left out (never sent). A transport
    /// failure or a 408/429/5xx for the whole batch is every member's (a 5xx or a timeout is an unknown outcome for
    /// each create); an operation missing from the answer is an unknown outcome. A batch refused without running
    /// (401, other 4xx) sends its members again one by one; 404/405/501 also turns batching off.
    private func sendBatch(_ members: [CreateBatcher.Member], batcher: CreateBatcher) async {
        let authorization: String
        do {
            authorization = try await batchAuthorization()
        } catch {
            limiter.unadmit(units: members.count)
            limiter.release(.neutral, units: 0)
            for member in members { member.continuation.resume(throwing: error) }
            return
        }
        var sending: [CreateBatcher.Member] = []
        for member in members {
            do {
                try member.call.fence?.checkBeforeSending()
                sending.append(member)
            } catch {
                member.continuation.resume(throwing: error)
            }
        }
        limiter.unadmit(units: members.count - sending.count)
        guard !sending.isEmpty else { return limiter.release(.neutral, units: 0) }

        let operations = sending.enumerated().map { index, member in
            BatchEnvelope.Operation(id: String(index + 1), method: member.call.method, path: member.path, body: member.call.body)
        }
        let request = HTTPClientRequest(method: "POST", url: paths.url("$batch"), headers: [
            ("Authorization", authorization), ("Accept", "application/json"), ("Content-Type", "application/json"),
            ("Prefer", "odata.continue-on-error"),
        ], body: BatchEnvelope.body(operations))
        let batchCall = Call(operation: "payment.batch", method: "POST", url: request.url, isCreate: true)
        let started = clock.uptime()
        let response: HTTPClientResponse
        do {
            // Sent from this unstructured task, so nothing cancels a batch on the wire.
            response = try await transport.send(request, timeout: configuration.requestTimeout)
        } catch {
            limiter.release(.neutral, units: sending.count)
            let transportError = error as? HTTPTransportError ?? .other(String(describing: type(of: error)))
            let failure = ErrorClassifier.classify(transportError: transportError, isCreate: true)
            let duration = clock.uptime() - started
            report(batchCall, statusClass: BCRequestEvent.statusClass(for: transportError), status: nil, duration: duration, failure: failure)
            for member in sending {
                report(member.call, statusClass: BCRequestEvent.statusClass(for: transportError), status: nil, duration: duration, failure: failure)
                member.continuation.resume(throwing: failure)
            }
            return
        }
        let duration = clock.uptime() - started
        let now = clock.now()

        guard response.status == 200 else {
            let failure = ErrorClassifier.classify(status: response.status, headers: response.headers, body: response.body, isCreate: true, now: now)
                ?? BusinessCentralError(kind: .outcomeUnknown, code: "BatchStatus", message: "$batch answered HTTP \(response.status)", httpStatus: response.status)
            limiter.release(response.status == 429 ? .throttled(retryAfter: failure.retryAfter) : .neutral, units: sending.count)
            report(batchCall, statusClass: BCRequestEvent.statusClass(for: response.status), status: response.status, duration: duration, failure: failure)
            if Self.batchNotRun(status: response.status) {
                if [404, 405, 501].contains(response.status) {
                    batcher.disable()
                    logger.error("bc.batch.unsupported", ["bc.status": String(response.status), "bc.message": failure.message])
                }
                for member in sending { member.continuation.resume(throwing: CreateBatcher.SendAlone()) }
                return
            }
            for member in sending {
                report(member.call, statusClass: BCRequestEvent.statusClass(for: response.status), status: response.status, duration: duration, failure: failure)
                member.continuation.resume(throwing: failure)
            }
            return
        }

        let answers = BatchEnvelope.responses(response.body)
        report(batchCall, statusClass: "2xx", status: 200, duration: duration, failure: nil)
        // A 429 for any operation: BC's limit was reached; adapt as for a plain 429 (the longest Retry-After).
        var throttled = false, retryAfter: Duration?
        var results: [Result<HTTPClientResponse, any Error>] = []
        for (index, member) in sending.enumerated() {
            guard let answer = answers?[String(index + 1)] else {
                let failure = BusinessCentralError(
                    kind: .outcomeUnknown, code: "BatchResponseMissing",
                    message: answers == nil ? "unreadable $batch response" : "no answer for the create in its $batch", httpStatus: 200)
                report(member.call, statusClass: "2xx", status: 200, duration: duration, failure: failure)
                results.append(.failure(failure))
                continue
            }
            let failure = ErrorClassifier.classify(status: answer.status, headers: answer.headers, body: answer.body, isCreate: true, now: now)
            if answer.status == 429 {
                throttled = true
                if let wait = failure?.retryAfter { retryAfter = max(retryAfter ?? .zero, wait) }
            }
            report(member.call, statusClass: BCRequestEvent.statusClass(for: answer.status), status: answer.status, duration: duration, failure: failure)
            results.append(failure.map { .failure($0) } ?? .success(answer))
        }
        // The limiter learns first, so no caller acts on an answer before the limiter has adapted to it.
        limiter.release(throttled ? .throttled(retryAfter: retryAfter) : answers == nil ? .neutral : .success, units: sending.count)
        for (member, result) in zip(sending, results) { member.continuation.resume(with: result) }
    }

    /// Whether a non-200 answer to a `$batch` means BC ran none of it: a 401 (refused before executing) or a 4xx
    /// other than 408/429 about the batch itself (BC validates the whole envelope before running an operation).
    static func batchNotRun(status: Int) -> Bool {
        status == 401 || status == 501 || ((400..<500).contains(status) && status != 408 && status != 429)
    }

    /// The `Authorization` value for a batch: the Basic credentials, or a bearer token.
    private func batchAuthorization() async throws -> String {
        if let basic = basicAuthorization { return basic.reveal() }
        return "Bearer " + (try await tokenProvider.accessToken()).reveal()
    }
}
