import BusinessCentral
import Foundation
import Testing
import RelayTestKit

/// The client's failure paths end to end: one renewal after 401, classification on create vs read, events.
@Suite(.timeLimit(.minutes(1))) struct ClientFailureTests {
    let transport = ScriptedTransport()
    let events = EventRecorder()
    static let create = CustomerPaymentCreate(customerNumber: "10000", externalDocumentNumber: "K1", amount: -5)

    private func createPayment(_ client: BusinessCentralClient) async throws {
        _ = try await client.createCustomerPayment(Self.create, journalId: Fixtures.journalId, companyId: Fixtures.companyId)
    }

    @Test func unauthorizedRenewsTheTokenOnceAndSucceeds() async throws {
        transport.enqueue(
            .response(.odataError(401, code: "Authentication_InvalidCredentials", message: "The credentials provided are incorrect")),
            .response(.json(201, Fixtures.createdLine()))
        )
        let client = try Fixtures.client(transport, observer: events.observer)
        try await createPayment(client)
        #expect(transport.apiRequests.map { $0.header("Authorization") } == ["Bearer token-1", "Bearer token-2"])
        #expect(transport.tokenRequests.count == 2)
        #expect(events.events.map(\.operation) == ["token", "payment.create", "token", "payment.create"])
        #expect(events.events.map(\.httpStatus) == [200, 401, 200, 201])
    }

    @Test func unauthorizedTwiceIsAnAuthenticationError() async throws {
        let unauthorized = HTTPClientResponse.odataError(401, code: "Authentication_InvalidCredentials", message: "The credentials provided are incorrect")
        transport.enqueue(.response(unauthorized), .response(unauthorized), .response(.json(201, Fixtures.createdLine())))
        let client = try Fixtures.client(transport)
        let error = await bcError { try await createPayment(client) }
        #expect(error?.kind == .authentication)
        #expect(error?.httpStatus == 401)
        #expect(transport.apiRequests.count == 2, "exactly one retry")
        #expect(transport.tokenRequests.count == 2, "exactly one forced renewal")
        #expect(transport.remainingScript == 1)
    }

    @Test func concurrentUnauthorizedRequestsShareOneRenewal() async throws {
        let gate = Gate()
        for _ in 0..<8 {
            transport.enqueue(.handler { request in
                await gate.wait()
                return request.header("Authorization") == "Bearer token-1"
                    ? .odataError(401, code: "Authentication_InvalidCredentials", message: "expired")
                    : .json(200, #"{"value":[]}"#)
            })
        }
        let client = try Fixtures.client(transport)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<4 {
                group.addTask {
                    _ = try await client.findCustomerPayments(externalDocumentNumber: "K\(index)", journalId: Fixtures.journalId, companyId: Fixtures.companyId)
                }
            }
            try await waitUntil("four requests with the stale token") { transport.apiRequests.count == 4 }
            gate.open()
            try await group.waitForAll()
        }
        #expect(transport.tokenRequests.count == 2, "one initial token and ONE renewal for four 401s")
        #expect(transport.apiRequests.suffix(4).allSatisfy { $0.header("Authorization") == "Bearer token-2" })
    }

    @Test func tokenEndpointRefusalAfter401IsAuthentication() async throws {
        transport.respondToTokenRequests { n in
            n == 1 ? .json(200, #"{"expires_in":3599,"access_token":"first"}"#) : .json(401, #"{"error":"unauthorized_client","error_description":"AADSTS700016: Application not found."}"#)
        }
        transport.enqueue(.response(.odataError(401, code: "Authentication_InvalidCredentials", message: "nope")))
        let client = try Fixtures.client(transport)
        let error = await bcError { try await createPayment(client) }
        #expect(error?.kind == .authentication)
        #expect(error?.code == "unauthorized_client")
    }

    @Test func serverErrorOnCreateIsOutcomeUnknownButOnLookupTransient() async throws {
        transport.enqueue(
            .response(.odataError(503, code: "Internal_ServerError", message: "x", headers: ["Retry-After": "3"])),
            .response(.odataError(503, code: "Internal_ServerError", message: "x", headers: ["Retry-After": "3"]))
        )
        let client = try Fixtures.client(transport, observer: events.observer)
        let create = await bcError { try await createPayment(client) }
        let lookup = await bcError { _ = try await client.findCustomerPayments(externalDocumentNumber: "K1", journalId: Fixtures.journalId, companyId: Fixtures.companyId) }
        #expect(create?.kind == .outcomeUnknown)
        #expect(create?.retryAfter == .seconds(3))
        #expect(lookup?.kind == .transient)
        #expect(events.events.filter { $0.operation != "token" }.map(\.statusClass) == ["5xx", "5xx"])
        #expect(events.events.last?.errorKind == .transient)
    }

    @Test func timeoutOnCreateIsOutcomeUnknownAndOnLookupTransient() async throws {
        transport.enqueue(.failure(.timedOut), .failure(.timedOut), .failure(.cannotConnect("refused")))
        let client = try Fixtures.client(transport, observer: events.observer)
        #expect(await bcError { try await createPayment(client) }?.kind == .outcomeUnknown)
        #expect(await bcError { _ = try await client.findCustomerPayments(externalDocumentNumber: "K1", journalId: Fixtures.journalId, companyId: Fixtures.companyId) }?.kind == .transient)
        #expect(await bcError { try await createPayment(client) }?.kind == .transient, "never sent, so safe")
        #expect(events.events.filter { $0.operation != "token" }.map(\.statusClass) == ["timeout", "timeout", "network"])
    }

    @Test func throttledCreateCarriesRetryAfterAndLowersTheLimiter() async throws {
        transport.enqueue(.response(.odataError(429, code: "Application_TooManyRequests", message: "slow down", headers: ["retry-after": "2"])))
        let limiter = RequestLimiter(maxConcurrent: 4, rateBudget: .businessCentralOnline, clock: ManualClock())
        let client = try Fixtures.client(transport, observer: events.observer, limiter: limiter)
        let error = await bcError { try await createPayment(client) }
        #expect(error?.kind == .throttled)
        #expect(error?.retryAfter == .seconds(2))
        #expect(limiter.concurrencyLimit == 2)
        #expect(limiter.inFlight == 0)
        #expect(events.events.last?.statusClass == "429")
    }

    @Test func permanentErrorKeepsCodeAndMessage() async throws {
        transport.enqueue(.response(.odataError(400, code: "Application_StringExceededLength", message: "The length of the string is 57, but it must be less than or equal to 35 characters.")))
        let client = try Fixtures.client(transport)
        let error = await bcError { try await createPayment(client) }
        #expect(error?.kind == .permanent)
        #expect(error?.code == "Application_StringExceededLength")
        #expect(error?.message.contains("less than or equal to 35 characters") == true)
        #expect(error?.message.contains("CorrelationId") == true)
    }

    @Test func checkTokenSurfacesAuthenticationFailures() async throws {
        transport.respondToTokenRequests { _ in .json(400, #"{"error":"invalid_request","error_description":"AADSTS900023: Specified tenant identifier is neither a valid DNS name, nor a valid external domain."}"#) }
        let client = try Fixtures.client(transport)
        let error = await bcError { try await client.checkToken() }
        #expect(error?.kind == .authentication)
        #expect(error?.message.contains("AADSTS900023") == true)
    }
}

/// The client spends the shared rate budget: a third request inside the window waits for it.
@Suite(.timeLimit(.minutes(1))) struct ClientRateBudgetTests {
    @Test func requestsBeyondTheBudgetWaitForTheWindow() async throws {
        let transport = ScriptedTransport()
        for _ in 0..<3 { transport.enqueue(.response(.json(200, #"{"value":[]}"#))) }
        let clock = ManualClock()
        let limiter = RequestLimiter(maxConcurrent: 5, rateBudget: RateBudget(requests: 2, window: .seconds(60)), clock: clock)
        let client = try Fixtures.client(transport, limiter: limiter)
        for index in 0..<3 {
            _ = try await client.findCustomerPayments(externalDocumentNumber: "K\(index)", journalId: Fixtures.journalId, companyId: Fixtures.companyId)
        }
        #expect(clock.sleeps == [.seconds(60)])
        #expect(transport.apiRequests.count == 3)
        #expect(transport.tokenRequests.count == 1, "token requests go to Entra, not BC, and are not counted")
    }
}
