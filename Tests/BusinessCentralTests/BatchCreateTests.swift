@testable import BusinessCentral
import ExactJSON
import Foundation
import Synchronization
import Testing

/// Creates that queue behind the concurrency limit go out together in one OData `$batch`; each gets its own answer,
/// and every way a batch can fail leaves each create either sent once with its own outcome, or never sent.
@Suite struct BatchCreateTests {
    private static func create(_ number: Int) -> CustomerPaymentCreate {
        CustomerPaymentCreate(customerNumber: "10000", externalDocumentNumber: "PAY-\(number)", amount: Decimal(string: "-10.00")!,
                              lineNumber: 1_000 + number)
    }

    /// An inner answer as BC writes it in a `$batch` response.
    private static func inner(_ id: Int, _ status: Int, _ body: String, headers: String = #"{"content-type":"application/json"}"#) -> String {
        #"{"id":"\#(id)","status":\#(status),"headers":\#(headers),"body":\#(body)}"#
    }

    private static func batchResponse(_ inners: [String]) -> HTTPClientResponse {
        .json(200, #"{"responses":["# + inners.joined(separator: ",") + "]}")
    }

    private static func error(_ code: String, _ message: String) -> String {
        #"{"error":{"code":"\#(code)","message":"\#(message)  CorrelationId:  7e0f2a40-1111-2222-3333-444455556666."}}"#
    }

    /// A client with one BC slot, busy with a lookup held on the wire, so the creates started meanwhile queue.
    final class BusyClient: Sendable {
        let transport: ScriptedTransport
        let limiter: RequestLimiter
        let client: BusinessCentralClient
        private let gate = CreateFenceTests.WireGate()

        init(maxCreatesPerBatch: Int = 20, rateBudget: RateBudget = RateBudget(requests: 100, window: .seconds(1)),
             observer: (@Sendable (BCRequestEvent) -> Void)? = nil) async throws {
            limiter = RequestLimiter(maxConcurrent: 1, rateBudget: rateBudget)
            let gate = self.gate
            transport = ScriptedTransport(script: [.handler({ _ in
                await gate.hold()
                return .json(200, #"{"value":[]}"#)
            })])
            var configuration = Fixtures.configuration(maxConcurrentRequests: 1)
            configuration.maxCreatesPerBatch = maxCreatesPerBatch
            let client = try Fixtures.client(transport, configuration: configuration, observer: observer, limiter: limiter)
            self.client = client
            _ = Task { try await client.findCustomerPayments(externalDocumentNumber: "K", journalId: Fixtures.journalId, companyId: Fixtures.companyId) }
            try await waitUntil { gate.isHolding }
        }

        /// Starts creates 1...n (each with `fence`, if given) and waits until all are queued behind the lookup.
        func startCreates(_ n: Int, fences: [Int: any RequestFence] = [:]) async throws -> [Task<CustomerPayment, any Error>] {
            var tasks: [Task<CustomerPayment, any Error>] = []
            for number in 1...n {
                let client = self.client, fence = fences[number]
                tasks.append(Task { try await client.createCustomerPayment(BatchCreateTests.create(number), journalId: Fixtures.journalId,
                                                                           companyId: Fixtures.companyId, fence: fence) })
                // One at a time, so the queue (and the batch) keeps their order.
                try await waitUntil { self.client.batcher?.queuedCount == number }
            }
            return tasks
        }

        func release() { gate.release() }

        var batchRequests: [HTTPClientRequest] { transport.apiRequests.filter { $0.url.absoluteString.hasSuffix("/$batch") } }
    }

    @Test func queuedCreatesGoOutAsOneBatchAndEachGetsItsOwnLine() async throws {
        let recorder = EventRecorder()
        let busy = try await BusyClient(observer: recorder.observer)
        busy.transport.enqueue(.response(Self.batchResponse((1...3).map {
            Self.inner($0, 201, Fixtures.createdLine(externalDocumentNumber: "PAY-\($0)", lineNumber: 1_000 + $0))
        })))
        let tasks = try await busy.startCreates(3)
        busy.release()
        var lines: [Int] = []
        for task in tasks { lines.append(try await task.value.lineNumber) }
        #expect(lines == [1_001, 1_002, 1_003])
        let batch = try #require(busy.batchRequests.first)
        #expect(busy.transport.apiRequests.count == 2)   // the lookup and the batch
        #expect(batch.header("Prefer") == "odata.continue-on-error")
        #expect(batch.header("Authorization")?.hasPrefix("Bearer ") == true)
        let requests = try #require(JSONValue.parse(batch.body ?? [])?["requests"]?.arrayValue)
        #expect(requests.map { $0["id"]?.stringValue } == ["1", "2", "3"])
        #expect(requests.map { $0["url"]?.stringValue }
            == Array(repeating: "companies(\(Fixtures.company))/customerPaymentJournals(\(Fixtures.journal))/customerPayments", count: 3))
        #expect(requests.map { $0["body"]?["externalDocumentNumber"]?.stringValue } == ["PAY-1", "PAY-2", "PAY-3"])
        #expect(busy.limiter.inFlight == 0)
        #expect(recorder.events.filter { $0.operation == "payment.create" && $0.httpStatus == 201 }.count == 3)
        #expect(recorder.events.filter { $0.operation == "payment.batch" }.count == 1)
    }

    /// BC counts each operation of a batch: a batch never carries more creates than the whole rate budget.
    @Test func aBatchCarriesNoMoreCreatesThanTheRateBudget() async throws {
        let busy = try await BusyClient(rateBudget: RateBudget(requests: 2, window: .milliseconds(300)))
        busy.transport.enqueue(.response(Self.batchResponse((1...2).map {
            Self.inner($0, 201, Fixtures.createdLine(externalDocumentNumber: "PAY-\($0)", lineNumber: 1_000 + $0))
        })))
        busy.transport.enqueue(.response(.json(201, Fixtures.createdLine(externalDocumentNumber: "PAY-3", lineNumber: 1_003))))
        let tasks = try await busy.startCreates(3)
        busy.release()
        var lines: [Int] = []
        for task in tasks { lines.append(try await task.value.lineNumber) }
        #expect(lines == [1_001, 1_002, 1_003])
        let requests = try #require(JSONValue.parse(busy.batchRequests.first?.body ?? [])?["requests"]?.arrayValue)
        #expect(requests.count == 2)
        #expect(busy.transport.apiRequests.count == 3)   // the lookup, a batch of 2, the third alone
    }

    @Test func eachCreateGetsItsOwnFailureAndAMissingAnswerIsAnUnknownOutcome() async throws {
        let busy = try await BusyClient()
        busy.transport.enqueue(.response(Self.batchResponse([
            Self.inner(1, 400, Self.error("BadRequest_NotFound", "The Customer does not exist.")),
            Self.inner(2, 201, Fixtures.createdLine(externalDocumentNumber: "PAY-2", lineNumber: 1_002)),
            Self.inner(3, 429, Self.error("Application_TooManyRequests", "Rate limit"), headers: #"{"Retry-After":"2"}"#),
        ])))
        let tasks = try await busy.startCreates(4)
        busy.release()
        #expect(try await Self.failure(tasks[0])?.kind == .permanent)
        #expect(try await tasks[1].value.lineNumber == 1_002)
        let throttled = try await Self.failure(tasks[2])
        #expect(throttled?.kind == .throttled)
        #expect(throttled?.retryAfter == .seconds(2))
        let missing = try await Self.failure(tasks[3])
        #expect(missing?.kind == .outcomeUnknown)
        #expect(missing?.code == "BatchResponseMissing")
        #expect(busy.limiter.concurrencyLimit == 1)   // halved by the inner 429, floor 1
    }

    @Test(arguments: [
        (ScriptedTransport.Reply.response(.odataError(503, code: "Internal_ServiceUnavailable", message: "busy")), BusinessCentralError.Kind.outcomeUnknown),
        (.response(.odataError(504, code: "GatewayTimeout", message: "late")), .outcomeUnknown),
        (.failure(.timedOut), .outcomeUnknown),
        (.failure(.connectionLost("reset")), .outcomeUnknown),
        (.response(.odataError(429, code: "Application_TooManyRequests", message: "slow down")), .throttled),
        (.response(.json(200, #"{"value":"not a batch"}"#)), .outcomeUnknown),
    ])
    func aFailedBatchIsEveryMembersFailure(reply: ScriptedTransport.Reply, kind: BusinessCentralError.Kind) async throws {
        let busy = try await BusyClient()
        busy.transport.enqueue(reply)
        let tasks = try await busy.startCreates(2)
        busy.release()
        for task in tasks { #expect(try await Self.failure(task)?.kind == kind) }
        #expect(busy.transport.apiRequests.count == 2)   // nothing sent again by the client itself
        #expect(busy.limiter.inFlight == 0)
    }

    @Test(arguments: [401, 400, 413])
    func aBatchRefusedWithoutRunningSendsEachCreateAlone(status: Int) async throws {
        let busy = try await BusyClient()
        busy.transport.enqueue(.response(.odataError(status, code: "BadRequest", message: "refused")))
        for number in 1...2 { busy.transport.enqueue(.response(.json(201, Fixtures.createdLine(lineNumber: 1_000 + number)))) }
        let tasks = try await busy.startCreates(2)
        busy.release()
        #expect(Set([try await tasks[0].value.lineNumber, try await tasks[1].value.lineNumber]) == [1_001, 1_002])
        #expect(busy.batchRequests.count == 1)
        #expect(busy.transport.apiRequests.count == 4)   // lookup, refused batch, two plain creates
        #expect(busy.client.batcher?.isEnabled == true)
    }

    @Test func aBusinessCentralWithoutBatchTurnsBatchingOff() async throws {
        let busy = try await BusyClient()
        busy.transport.enqueue(.response(.odataError(404, code: "BadRequest_NotFound", message: "No HTTP resource was found")))
        for number in 1...2 { busy.transport.enqueue(.response(.json(201, Fixtures.createdLine(lineNumber: 1_000 + number)))) }
        let tasks = try await busy.startCreates(2)
        busy.release()
        for task in tasks { _ = try await task.value }
        #expect(busy.client.batcher?.isEnabled == false)
    }

    @Test func aFencedCreateIsLeftOutOfTheBatchAndNeverSent() async throws {
        let busy = try await BusyClient()
        busy.transport.enqueue(.response(Self.batchResponse([1, 3].enumerated().map { index, number in
            Self.inner(index + 1, 201, Fixtures.createdLine(externalDocumentNumber: "PAY-\(number)", lineNumber: 1_000 + number))
        })))
        let fence = CreateFenceTests.SwitchFence()
        let tasks = try await busy.startCreates(3, fences: [2: fence])
        fence.close()
        busy.release()
        #expect(try await tasks[0].value.lineNumber == 1_001)
        await #expect(throws: RequestFenced(reason: "partition revoked")) { _ = try await tasks[1].value }
        #expect(try await tasks[2].value.lineNumber == 1_003)
        let requests = try #require(JSONValue.parse(busy.batchRequests.first?.body ?? [])?["requests"]?.arrayValue)
        #expect(requests.map { $0["body"]?["externalDocumentNumber"]?.stringValue } == ["PAY-1", "PAY-3"])
    }

    @Test func aCancelledQueuedCreateIsNeverSent() async throws {
        let busy = try await BusyClient()
        busy.transport.enqueue(.response(.json(201, Fixtures.createdLine(externalDocumentNumber: "PAY-2", lineNumber: 1_002))))
        let tasks = try await busy.startCreates(2)
        tasks[0].cancel()
        await #expect(throws: CancellationError.self) { _ = try await tasks[0].value }
        busy.release()
        #expect(try await tasks[1].value.lineNumber == 1_002)
        #expect(busy.batchRequests.isEmpty)   // one create left: sent on its own
        #expect(busy.transport.apiRequests.last?.bodyText?.contains("PAY-2") == true)
    }

    @Test func withBatchingOffQueuedCreatesGoOneByOne() async throws {
        let busy = try await BusyClient(maxCreatesPerBatch: 1)
        for number in 1...3 { busy.transport.enqueue(.response(.json(201, Fixtures.createdLine(lineNumber: 1_000 + number)))) }
        var tasks: [Task<CustomerPayment, any Error>] = []
        for number in 1...3 {
            let client = busy.client
            tasks.append(Task { try await client.createCustomerPayment(Self.create(number), journalId: Fixtures.journalId, companyId: Fixtures.companyId) })
        }
        try await waitUntil { busy.limiter.queued == 3 }
        busy.release()
        for task in tasks { _ = try await task.value }
        #expect(busy.batchRequests.isEmpty)
        #expect(busy.transport.apiRequests.count == 4)
    }

    /// BC runs a batch's operations one after another: while slots are free, creates go in parallel, each alone.
    @Test func whileSlotsAreFreeConcurrentCreatesGoInParallelEachAlone() async throws {
        let arrived = Mutex(0)
        let transport = ScriptedTransport(script: (1...3).map { number in .handler({ _ in
            // Each answers only once all three are on the wire together.
            arrived.withLock { $0 += 1 }
            try await waitUntil("three creates in flight") { arrived.withLock { $0 } == 3 }
            return .json(201, Fixtures.createdLine(lineNumber: 1_000 + number))
        }) })
        let client = try Fixtures.client(transport, configuration: Fixtures.configuration(maxConcurrentRequests: 5))
        async let first = client.createCustomerPayment(Self.create(1), journalId: Fixtures.journalId, companyId: Fixtures.companyId)
        async let second = client.createCustomerPayment(Self.create(2), journalId: Fixtures.journalId, companyId: Fixtures.companyId)
        async let third = client.createCustomerPayment(Self.create(3), journalId: Fixtures.journalId, companyId: Fixtures.companyId)
        _ = try await (first, second, third)
        #expect(transport.apiRequests.count == 3)
        #expect(transport.apiRequests.allSatisfy { !$0.url.absoluteString.hasSuffix("$batch") })
    }

    @Test func theEnvelopeCarriesEachBodyAsJSONAndAnswersAreReadById() throws {
        let body = BatchEnvelope.body([
            .init(id: "1", method: "POST", path: "companies(c)/customerPayments", body: #"{"amount":-1.50}"#),
            .init(id: "2", method: "GET", path: "companies(c)/customerPayments?$top=1", body: nil),
        ])
        #expect(String(decoding: body, as: UTF8.self) == #"{"requests":[{"id":"1","method":"POST","url":"companies(c)/customerPayments","headers":{"Content-Type":"application/json"},"body":{"amount":-1.50}},{"id":"2","method":"GET","url":"companies(c)/customerPayments?$top=1"}]}"#)
        let answers = try #require(BatchEnvelope.responses(Array(#"{"responses":[{"id":"2","status":201,"headers":{"Retry-After":"3"},"body":{"amount":-1.50}},{"id":"1","status":"x"},{"status":200}]}"#.utf8)))
        #expect(answers.keys.sorted() == ["2"])
        #expect(answers["2"]?.status == 201)
        #expect(answers["2"]?.header("retry-after") == "3")
        #expect(answers["2"].map { String(decoding: $0.body, as: UTF8.self) } == #"{"amount":-1.50}"#)
        #expect(BatchEnvelope.responses(Array("[]".utf8)) == nil)
    }

    @Test(arguments: [(401, true), (400, true), (404, true), (413, true), (501, true), (408, false), (429, false), (500, false), (503, false), (504, false)])
    func whichBatchAnswersMeanNothingRan(status: Int, notRun: Bool) {
        #expect(BusinessCentralClient.batchNotRun(status: status) == notRun)
    }

    private static func failure(_ task: Task<CustomerPayment, any Error>) async throws -> BusinessCentralError? {
        do {
            _ = try await task.value
            return nil
        } catch let error as BusinessCentralError {
            return error
        }
    }
}
