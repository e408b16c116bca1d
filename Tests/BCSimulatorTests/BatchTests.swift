import BCSimulator
import Foundation
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `POST {apiRoot}/$batch` over real HTTP: operations run in order as their plain requests would, stop at the first
/// failure unless `Prefer: odata.continue-on-error`, each counted against the rate limit and faulted on its own,
/// the batch taking one concurrency slot.
@Suite struct BatchTests {
    @Test func threeCreatesAnswer201InOrderAndStoreThreeLines() async throws {
        try await withSimulator { (sim) async throws in
            let reply = try await sim.batch((1...3).map { sim.createOperation("\($0)", key: "B-\($0)") })
            #expect(reply.status == 200)
            #expect(reply.header("Content-Type")?.hasPrefix("application/json") == true)
            let responses = reply.responses
            #expect(responses.map(\.id) == ["1", "2", "3"])
            #expect(responses.map(\.status) == [201, 201, 201])
            #expect(responses.map { $0.body["externalDocumentNumber"] as? String } == ["B-1", "B-2", "B-3"])
            #expect(responses.map { $0.body["lineNumber"] as? Int } == [10000, 20000, 30000])
            for member in responses {
                #expect((member.body["@odata.context"] as? String)?.hasSuffix("/customerPayments/$entity") == true)
                #expect((member.body["@odata.etag"] as? String)?.hasPrefix("W/") == true)
                #expect(member.header("content-type")?.hasPrefix("application/json; odata.metadata=minimal") == true)
            }
            #expect(reply.text.contains(#""amount":-1.5"#), "exact decimals through the batch")
            #expect(sim.storedKeys == ["B-1", "B-2", "B-3"])
            let stats = sim.simulator.stats
            #expect(stats.batches == 1 && stats.batchOperations == 3)
            #expect(stats.requests == 3 && stats.responsesByStatus == [201: 3] && stats.linesCreated == 3)
        }
    }

    @Test(arguments: [
        (continueOnError: false, statuses: [201, 400], stored: ["B-1"]),
        (continueOnError: true, statuses: [201, 400, 201], stored: ["B-1", "B-3"]),
    ])
    func aFailedOperationStopsTheBatchUnlessContinueOnError(continueOnError: Bool, statuses: [Int], stored: [String]) async throws {
        try await withSimulator { (sim) async throws in
            let operations = [sim.createOperation("1", key: "B-1"), sim.createOperation("2", key: "B-2", customer: "C99999"),
                              sim.createOperation("3", key: "B-3")]
            let reply = try await sim.batch(operations, headers: continueOnError ? ["Prefer": "odata.continue-on-error"] : [:])
            #expect(reply.status == 200)
            #expect(reply.responses.map(\.status) == statuses)
            let failed = reply.response(1)
            #expect(failed.id == "2" && failed.errorCode == "Application_DialogException")
            #expect((failed.body["error"] as? [String: Any])?["message"] as? String != nil)
            #expect(sim.storedKeys == stored)
            #expect(sim.simulator.stats.batchOperations == statuses.count)
            #expect(sim.simulator.stats.requests == statuses.count)
        }
    }

    /// Each refused whole: outer 400, nothing executed.
    @Test(arguments: [
        ("101 operations", "", "BadRequest"),
        ("not JSON", #"{"requests":["#, "BadRequest"),
        ("no requests", #"{"operations":[]}"#, "BadRequest"),
        ("no id", #"{"requests":[{"method":"GET","url":"companies"}]}"#, "BadRequest"),
        ("no method", #"{"requests":[{"id":"1","url":"companies"}]}"#, "BadRequest"),
        ("no url", #"{"requests":[{"id":"1","method":"GET"}]}"#, "BadRequest"),
        ("duplicate ids", #"{"requests":[{"id":"1","method":"GET","url":"companies"},{"id":"1","method":"GET","url":"companies"}]}"#, "BadRequest"),
        ("isolation snapshot", #"{"requests":[{"id":"1","method":"GET","url":"companies"}]}"#, "BadRequest_NotSupported"),
    ])
    func malformedBatchesAreRefusedWholeAndRunNothing(name: String, body: String, code: String) async throws {
        try await withSimulator { (sim) async throws in
            var text = body
            if name == "101 operations" {
                text = #"{"requests":[\#((1...101).map { sim.createOperation("\($0)", key: "B-\($0)") }.joined(separator: ","))]}"#
            }
            let headers = name == "isolation snapshot" ? ["Isolation": "snapshot"] : [:]
            let reply = try await sim.call("POST", "$batch", body: text, headers: headers)
            #expect(reply.status == 400, "\(name)")
            #expect(reply.errorCode == code, "\(name): \(reply.text)")
            #expect(sim.storedKeys.isEmpty)
            let stats = sim.simulator.stats
            #expect(stats.requests == 1 && stats.responsesByStatus == [400: 1] && stats.batches == 0 && stats.batchOperations == 0)
        }
    }

    @Test func aHundredOperationsAreAccepted() async throws {
        try await withSimulator({ $0.lineNumberRaceWindow = .zero }) { (sim) async throws in
            let reply = try await sim.batch((1...100).map { sim.createOperation("\($0)", key: "B-\($0)") })
            #expect(reply.status == 200)
            #expect(reply.responses.count == 100 && reply.responses.allSatisfy { $0.status == 201 })
            #expect(sim.storedKeys.count == 100)
        }
    }

    @Test(arguments: [true, false])
    func eachOperationIsCountedAgainstTheRateLimitButTheBatchIsNot(retryAfter: Bool) async throws {
        try await withSimulator({
            $0.limits = SimLimits(rateLimit: .init(requests: 2, window: .seconds(30)), retryAfterOn429: retryAfter)
        }) { (sim) async throws in
            let reply = try await sim.batch((1...3).map { sim.createOperation("\($0)", key: "B-\($0)") })
            #expect(reply.status == 200)
            #expect(reply.responses.map(\.status) == [201, 201, 429])
            let refused = reply.response(2)
            #expect(refused.errorCode == "Application_TooManyRequests")
            #expect(refused.header("Retry-After") == (retryAfter ? "30" : nil))
            #expect(sim.storedKeys == ["B-1", "B-2"])
            let stats = sim.simulator.stats
            #expect(stats.rateLimited == 1 && stats.tooManyRequests == 1 && stats.responsesByStatus == [201: 2, 429: 1])
            // The window is full: the next batch runs nothing, but is itself admitted and answered 200.
            let next = try await sim.batch([sim.createOperation("1", key: "B-4")])
            #expect(next.status == 200 && next.responses.map(\.status) == [429])
        }
    }

    @Test func aForcedCreateFaultHitsTheFirstCreateInTheBatch() async throws {
        try await withSimulator { (sim) async throws in
            sim.simulator.enqueueFaults([.serviceUnavailable(retryAfter: 2)], target: .creates)
            let lookup = #"{"id":"0","method":"GET","url":"\#(sim.journalPath)"}"#
            let reply = try await sim.batch([lookup, sim.createOperation("1", key: "B-1"), sim.createOperation("2", key: "B-2")],
                                            headers: ["Prefer": "odata.continue-on-error"])
            #expect(reply.status == 200)
            #expect(reply.responses.map(\.status) == [200, 503, 201])
            #expect(reply.response(1).errorCode == "Internal_ServiceUnavailable")
            #expect(reply.response(1).header("Retry-After") == "2")
            #expect(sim.storedKeys == ["B-2"])
            #expect(sim.simulator.pendingFaults == 0)
            #expect(sim.simulator.stats.faultsInjected == ["503": 1])
        }
    }

    @Test func aGatewayFaultOnAnOperationCarriesItsTextBody() async throws {
        try await withSimulator { (sim) async throws in
            sim.simulator.enqueueFaults([.badGateway], target: .creates)
            let reply = try await sim.batch([sim.createOperation("1", key: "B-1"), sim.createOperation("2", key: "B-2")])
            #expect(reply.responses.map(\.status) == [502])
            #expect(reply.response(0).json["body"] as? String == "Bad Gateway")
            #expect(sim.storedKeys.isEmpty)
        }
    }

    /// The connection is reset without a response; what ran before the fault stays committed, nothing after it runs.
    @Test(arguments: [
        (fault: Fault.commitThenDrop, stored: ["B-1", "B-2"]),
        (fault: Fault.resetBeforeCommit, stored: ["B-1"]),
    ])
    func aConnectionFaultOnTheSecondOperationResetsTheBatch(fault: Fault, stored: [String]) async throws {
        try await withSimulator { (sim) async throws in
            // A fault-free first create (no latency), then the fault; the batch is the session's first request,
            // on a fresh connection (libcurl silently resends a request reset on a reused one).
            sim.simulator.enqueueFaults([.latency(.zero), fault], target: .creates)
            await #expect(throws: (any Error).self) {
                _ = try await sim.batch((1...3).map { sim.createOperation("\($0)", key: "B-\($0)") })
            }
            #expect(sim.storedKeys == stored)
            let stats = sim.simulator.stats
            #expect(stats.connectionsDropped == 1 && stats.batches == 0 && stats.batchOperations == 2)
            #expect(stats.requests == 2, "the first operation and the one that reset, not the batch")
        }
    }

    @Test func commitThenDelayHoldsBackTheWholeAnswerAfterEveryOperationRan() async throws {
        try await withSimulator { (sim) async throws in
            sim.simulator.enqueueFaults([.commitThenDelay(.milliseconds(300)), .commitThenDelay(.milliseconds(600))], target: .creates)
            let started = ContinuousClock.now
            let reply = try await sim.batch((1...3).map { sim.createOperation("\($0)", key: "B-\($0)") })
            #expect(ContinuousClock.now - started >= .milliseconds(600))
            #expect(reply.responses.map(\.status) == [201, 201, 201])
            #expect(sim.storedKeys == ["B-1", "B-2", "B-3"])
        }
    }

    @Test func anUnauthenticatedBatchIsRefusedWith401AndOperationsRunAsTheBatchsUser() async throws {
        try await withSimulator { (sim) async throws in
            let refused = try await sim.batch([sim.createOperation("1", key: "B-1")], token: "not-a-token")
            #expect(refused.status == 401 && refused.errorCode == "Authentication_InvalidCredentials")
            #expect(sim.storedKeys.isEmpty)
            #expect(sim.simulator.stats.responsesByStatus == [401: 1] && sim.simulator.stats.batches == 0)
            // Operations are not authenticated on their own: even a bogus Authorization inside runs as the batch's user.
            let inner = #"{"id":"1","method":"POST","url":"\#(sim.journalPath)","headers":{"Authorization":"Bearer bogus"},"body":{"customerNumber":"C10000","amount":-1,"externalDocumentNumber":"B-1"}}"#
            let accepted = try await sim.batch([inner])
            #expect(accepted.status == 200 && accepted.responses.map(\.status) == [201])
            #expect(sim.storedKeys == ["B-1"])
        }
    }

    @Test func theBatchTakesOneConcurrencySlotForAllItsOperations() async throws {
        try await withSimulator({
            $0.limits = SimLimits(concurrency: .init(maxExecuting: 1, maxQueued: 0, queueTimeout: .seconds(10)))
        }) { (sim) async throws in
            sim.simulator.enqueueFaults(Array(repeating: .slowCommit(.milliseconds(300)), count: 3), target: .creates)
            async let batch = sim.batch((1...3).map { sim.createOperation("\($0)", key: "B-\($0)") })
            #expect(await eventually { sim.simulator.pendingInserts == 1 })
            // The batch holds the only slot, and the queue has no room: a plain request meanwhile is refused.
            let plain = try await sim.call("GET", "companies")
            #expect(plain.status == 429)
            let reply = try await batch
            #expect(reply.status == 200 && reply.responses.map(\.status) == [201, 201, 201])
            let stats = sim.simulator.stats
            #expect(stats.queueOverflows == 1)
            #expect(stats.maxConcurrentByClient["client-1"] == 1)
        }
    }

    @Test func operationsRunAsTheirPlainRequestsWithTheirOwnHeadersAndAnyURLForm() async throws {
        try await withSimulator({ $0.readReplicaLag = .seconds(30) }) { (sim) async throws in
            let absolute = sim.simulator.baseURL.absoluteString + "/" + sim.journalPath
            let lookup = #"\#(sim.journalPath)?$filter=externalDocumentNumber eq 'B-1'"#
            let operations = [
                sim.createOperation("1", key: "B-1"),
                sim.createOperation("2", key: "B-2", url: "/" + sim.journalPath),
                sim.createOperation("3", key: "B-3", url: absolute),
                sim.createOperation("4", key: "B-4", url: sim.flatPath),
                #"{"id":"replica","method":"GET","url":"\#(lookup)"}"#,
                #"{"id":"primary","method":"GET","url":"\#(lookup)","headers":{"Data-Access-Intent":"ReadWrite"}}"#,
                #"{"id":"unknown","method":"GET","url":"companies(\#(Seed.company.uuidString))/nothingHere"}"#,
            ]
            let reply = try await sim.batch(operations, headers: ["Prefer": "odata.continue-on-error"])
            #expect(reply.responses.map(\.status) == [201, 201, 201, 400, 200, 200, 404])
            // The flat route without a journal id fails exactly as the plain request does.
            #expect(reply.response(3).errorCode == "Application_DialogException")
            #expect((reply.response(4).body["value"] as? [Any])?.count == 0, "a replica read misses the new line")
            #expect((reply.response(5).body["value"] as? [Any])?.count == 1, "Data-Access-Intent reached the operation")
            #expect(sim.storedKeys == ["B-1", "B-2", "B-3"])
        }
    }

    @Test func theInspectionAPIsFaultsHitOperationsByKind() async throws {
        try await withSimulator { (sim) async throws in
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(sim.simulator.port)/_simulator/faults")!)
            request.httpMethod = "POST"
            request.httpBody = Data(#"{"target":"creates","faults":[{"name":"500"}]}"#.utf8)
            _ = try await sim.session.data(for: request)
            let reply = try await sim.batch([sim.createOperation("1", key: "B-1"), sim.createOperation("2", key: "B-2")])
            #expect(reply.responses.map(\.status) == [500])
            #expect(reply.response(0).errorCode == "Internal_ServerError")
            #expect(sim.storedKeys.isEmpty)
        }
    }
}
