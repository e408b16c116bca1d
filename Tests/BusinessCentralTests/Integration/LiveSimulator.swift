import BCSimulator
import BusinessCentral
import Clocks
import Foundation
import Testing

/// A ``BusinessCentralSimulator`` on an ephemeral port and the REAL client (``URLSessionTransport``) pointed at it.
struct LiveBC: Sendable {
    static let company = SimulatorConfiguration.DemoIDs.cronusCompany
    static let general = SimulatorConfiguration.DemoIDs.generalJournal

    let simulator: BusinessCentralSimulator
    let seed: SimulatorConfiguration
    let clientConfiguration: BusinessCentralConfiguration
    let client: BusinessCentralClient
    let events: EventRecorder

    /// Another client for the same simulator, with its own transport (a separate connection pool), limiter and
    /// token provider.
    func makeClient(
        _ adjust: (inout BusinessCentralConfiguration) -> Void = { _ in },
        transport: (any HTTPClientTransport)? = nil,
        observer: (@Sendable (BCRequestEvent) -> Void)? = nil,
        clock: any ServiceClock = SystemClock()
    ) throws -> BusinessCentralClient {
        var configuration = clientConfiguration
        adjust(&configuration)
        return try BusinessCentralClient(configuration: configuration, transport: transport ?? URLSessionTransport(configuration: configuration),
                                         observer: observer, clock: clock)
    }

    /// A GET of `path` (relative to the API root) with `token`, outside the client: for control experiments.
    func rawGET(_ path: String, token: String, headers: [String: String] = [:]) async throws -> (status: Int, body: String) {
        let transport = URLSessionTransport(maximumConnectionsPerHost: 1)
        let url = URL(string: simulator.baseURL.absoluteString + "/" + path)!
        let response = try await transport.send(
            HTTPClientRequest(method: "GET", url: url, headers: [("Authorization", "Bearer " + token)] + headers.map { ($0.key, $0.value) }),
            timeout: .seconds(5))
        return (response.status, String(decoding: response.body, as: UTF8.self))
    }

    /// `companies({company})/customerPaymentJournals({journal})/customerPayments`.
    static func paymentsPath(journal: UUID = general) -> String {
        "companies(\(company.uuidString.lowercased()))/customerPaymentJournals(\(journal.uuidString.lowercased()))/customerPayments"
    }

    func create(_ payment: CustomerPaymentCreate, journal: UUID = general, with client: BusinessCentralClient? = nil) async throws -> CustomerPayment {
        try await (client ?? self.client).createCustomerPayment(payment, journalId: journal, companyId: Self.company)
    }

    func find(_ key: String, journal: UUID = general, with client: BusinessCentralClient? = nil) async throws -> [CustomerPayment] {
        try await (client ?? self.client).findCustomerPayments(externalDocumentNumber: key, journalId: journal, companyId: Self.company)
    }

    /// Lines stored in the simulator (posted or not) whose external document number is `key`.
    func stored(_ key: String) -> [SimLine] {
        simulator.lines().filter { $0.externalDocumentNumber == key }
    }

    /// A payment of C10000 keyed by `key`.
    static func payment(_ key: String, amount: String = "-100.00") -> CustomerPaymentCreate {
        CustomerPaymentCreate(customerNumber: "C10000", postingDate: "2026-11-20", externalDocumentNumber: key,
                              amount: Decimal(string: amount)!, description: "integration test")
    }
}

/// Runs `body` against a fresh demo-seeded simulator (adjusted by `simulator`) and a client configured for it
/// (adjusted by `client`); the simulator is stopped afterwards.
func withLiveBC(
    simulator configureSimulator: (inout SimulatorConfiguration) -> Void = { _ in },
    client configureClient: (inout BusinessCentralConfiguration) -> Void = { _ in },
    _ body: (LiveBC) async throws -> Void
) async throws {
    var seed = SimulatorConfiguration.demo()
    configureSimulator(&seed)
    let simulator = BusinessCentralSimulator(configuration: seed, logger: .disabled)
    try simulator.start()
    defer { simulator.stop() }
    var configuration = BusinessCentralConfiguration(
        apiBaseURL: simulator.baseURL, allowInsecureHTTP: true, tokenURL: simulator.tokenURL,
        clientId: seed.clientId, clientSecret: Secret(seed.clientSecret), scope: BusinessCentralSimulator.scope,
        requestTimeout: .seconds(5))
    configureClient(&configuration)
    let events = EventRecorder()
    let client = try BusinessCentralClient(configuration: configuration, transport: URLSessionTransport(configuration: configuration),
                                           observer: events.observer)
    try await body(LiveBC(simulator: simulator, seed: seed, clientConfiguration: configuration, client: client, events: events))
}

/// Runs `count` operations concurrently and returns their results in index order.
func concurrently<T: Sendable>(_ count: Int, _ operation: @escaping @Sendable (Int) async throws -> T) async -> [Result<T, any Error>] {
    await withTaskGroup(of: (Int, Result<T, any Error>).self) { group in
        for index in 0..<count {
            group.addTask {
                do { return (index, .success(try await operation(index))) } catch { return (index, .failure(error)) }
            }
        }
        var results = [Result<T, any Error>?](repeating: nil, count: count)
        for await (index, result) in group { results[index] = result }
        return results.map { $0! }
    }
}

extension Result {
    var failureKind: BusinessCentralError.Kind? {
        guard case .failure(let error) = self else { return nil }
        return (error as? BusinessCentralError)?.kind
    }

    var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }
}

/// Token requests through one ``URLSessionTransport``, API requests through another: as in production, where the
/// token endpoint is another host, the first API request then opens a FRESH connection instead of reusing the
/// token request's keep-alive connection.
struct SplitTransport: HTTPClientTransport {
    let token = URLSessionTransport(maximumConnectionsPerHost: 1)
    let api: URLSessionTransport

    init(maximumConnectionsPerHost: Int) {
        api = URLSessionTransport(maximumConnectionsPerHost: maximumConnectionsPerHost)
    }

    func send(_ request: HTTPClientRequest, timeout: Duration) async throws -> HTTPClientResponse {
        let transport = request.url.path.hasSuffix("/oauth2/v2.0/token") ? token : api
        return try await transport.send(request, timeout: timeout)
    }
}
