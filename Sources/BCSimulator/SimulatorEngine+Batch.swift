import ExactJSON
import HTTPServer

/// `POST {apiRoot}/$batch` (JSON batch format), as BC answers it.
///
/// The batch takes ONE concurrency slot (queued, 429 or 503 exactly as a plain request) and is not itself counted
/// against the rate limit: BC documents each operation as counted, and only those are here. Its operations then run
/// one after the other, in order, each exactly as the same plain request would (routes, validation, line-number
/// keys, store) and each counted against the rate limit as it is about to run (refused: an inner 429, nothing
/// stored). Faults are drawn per operation, by the operation's kind (create, lookup, other), never for the batch
/// itself: a status fault answers that operation; `latency` and `slowCommit` slow that operation; the plan's
/// latency delays every operation; `resetBeforeCommit` resets the whole connection before that operation runs
/// (the earlier ones stay committed) and `commitThenDrop` right after it commits, without any response;
/// `commitThenDelay` holds back the batch's response (by the longest such delay, after the slot is freed).
///
/// Statistics: every operation that came to run counts as a request of its own status (or as a dropped
/// connection), plus ``SimulatorStats/batchOperations``; a batch answered 200 counts in ``SimulatorStats/batches``
/// and not as a request of its own; a refused batch (401, 400, 405, 429, 503) counts as one request of its status.
extension SimulatorEngine {
    /// The resource path of the batch endpoint below the API root.
    static let batchPath = "/$batch"

    func batch(_ request: HTTPRequest, prefix: String) async -> HTTPResponse {
        guard let client = authenticate(request) else { return unauthenticated() }
        // Not counted against the rate limit: its operations are, each as it runs.
        if let refusal = await acquireSlot(client) { return refusal }
        stats.beginExecuting(client)
        let outcome = await runBatch(request, client: client, prefix: prefix)
        stats.endExecuting(client)
        concurrency?.release(client)
        return await outcome.finish()
    }

    private func runBatch(_ request: HTTPRequest, client: String, prefix: String) async -> Outcome {
        guard request.method == "POST" else {
            return Outcome(response: ODataError.response(405, "BadRequest_MethodNotAllowed",
                                                         "'\(request.method)' requests for this resource are not allowed within Dynamics 365 Business Central OData web services"),
                           after: .none)
        }
        let batch: BatchRequest
        do {
            batch = try BatchRequest(body: request.body, headers: request.headers, apiVersion: configuration.apiVersion)
        } catch {
            return Outcome(response: error.response, after: .none)
        }
        let base = Self.baseURL(request, prefix: prefix)
        var responses: [JSONValue] = []
        var delay = Duration.zero
        for operation in batch.operations {
            let outcome = await run(operation, client: client, prefix: prefix, base: base)
            stats.update { $0.batchOperations += 1 }
            if outcome.response.dropsConnection {
                // resetBeforeCommit: this operation and the later ones never run.
                stats.dropped()
                return Outcome(response: .dropConnection, after: .none)
            }
            if case .drop = outcome.after {
                // commitThenDrop: this operation committed, the later ones never run.
                stats.dropped()
                return Outcome(response: .dropConnection, after: .none)
            }
            stats.response(outcome.response.status)
            if outcome.response.status >= 400 {
                logger.debug("bc_simulator.batch_operation_refused", ["http.method": operation.method, "batch.id": operation.id,
                                                                      "http.status": String(outcome.response.status)])
            }
            if case .delay(let duration) = outcome.after { delay = max(delay, duration) }
            responses.append(BatchResponseMember.json(id: operation.id, outcome.response))
            if outcome.response.status >= 400 && !batch.continuesOnError { break }
        }
        stats.update { $0.batches += 1 }
        return Outcome(response: ODataResponse.json(.object([(key: "responses", value: .array(responses))])),
                       after: delay > .zero ? .delay(delay) : .none)
    }

    /// One operation, exactly as the plain request: its route, then the rate limit, then its fault and execution.
    private func run(_ operation: BatchOperation, client: String, prefix: String, base: String) async -> Outcome {
        let request: HTTPRequest
        let route: APIRoute
        do throws(SimulatorFailure) {
            request = try operation.request(prefix: prefix)
            guard let (_, resource) = Self.splitAPIPath(request.path, version: configuration.apiVersion) else {
                throw SimulatorFailure(ODataError.notFound("No HTTP resource was found that matches the request URI '\(operation.relativeURL)'"))
            }
            route = try APIRoute(resourcePath: resource)
        } catch {
            return Outcome(response: error.response, after: .none)
        }
        if let refusal = rateLimited(client) { return Outcome(response: refusal, after: .none) }
        return await executeWithFaults(route, request, base: base)
    }
}
