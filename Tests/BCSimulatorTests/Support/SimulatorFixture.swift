import BCSimulator
import Foundation
import Telemetry
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Ids of the test seed.
enum Seed {
    static let company = UUID(uuidString: "11111111-0000-0000-0000-000000000001")!
    static let otherCompany = UUID(uuidString: "11111111-0000-0000-0000-000000000002")!
    static let journal = UUID(uuidString: "22222222-0000-0000-0000-000000000001")!
    static let customer = UUID(uuidString: "33333333-0000-0000-0000-000000000001")!
    static let invoiceBlocked = UUID(uuidString: "33333333-0000-0000-0000-000000000002")!
    static let allBlocked = UUID(uuidString: "33333333-0000-0000-0000-000000000003")!
    static let invoice = UUID(uuidString: "44444444-0000-0000-0000-000000000001")!

    static func configuration() -> SimulatorConfiguration {
        SimulatorConfiguration(
            tenant: "t1", environment: "sandbox", clientId: "client-1", clientSecret: "s3cret",
            additionalClients: ["client-2": "other"],
            companies: [SimCompany(id: company, name: "CRONUS"), SimCompany(id: otherCompany, name: "Other")],
            journals: [SimJournal(id: journal, companyId: company, code: "GENERAL", displayName: "General")],
            customers: [
                SimCustomer(id: customer, number: "C10000", name: "Adatum Corporation"),
                SimCustomer(id: invoiceBlocked, number: "C20000", name: "Trey Research", blocked: .invoice),
                SimCustomer(id: allBlocked, number: "C30000", name: "Blocked Ltd", blocked: .all),
            ],
            invoices: [SimPostedInvoice(id: invoice, number: "103001", customerNumber: "C10000")])
    }
}

/// One HTTP exchange with the simulator.
struct Reply: Sendable {
    var status: Int
    var headers: [String: String]
    var text: String

    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:] }
    var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
    var errorMessage: String? { (json["error"] as? [String: Any])?["message"] as? String }
    var values: [[String: Any]] { json["value"] as? [[String: Any]] ?? [] }
    func header(_ name: String) -> String? { headers.first { $0.key.lowercased() == name.lowercased() }?.value }
}

/// A started simulator plus a token and helpers to call it.
struct SimulatorSession: Sendable {
    let simulator: BusinessCentralSimulator
    let session: URLSession
    let token: String

    var journalPath: String { "companies(\(Seed.company.uuidString.lowercased()))/customerPaymentJournals(\(Seed.journal.uuidString.lowercased()))/customerPayments" }
    var flatPath: String { "companies(\(Seed.company.uuidString.lowercased()))/customerPayments" }

    /// Calls `path` relative to the API root (or absolute when it starts with `/`).
    func call(_ method: String, _ path: String, body: String? = nil, headers: [String: String] = [:],
              token: String? = nil, timeout: TimeInterval = 10) async throws -> Reply {
        let url = path.hasPrefix("/")
            ? URL(string: "http://127.0.0.1:\(simulator.port)\(path)")!
            : URL(string: simulator.baseURL.absoluteString + "/" + path)!
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = method
        request.setValue("Bearer \(token ?? self.token)", forHTTPHeaderField: "Authorization")
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        // URLRequest.timeoutInterval is not enforced by FoundationNetworking; a session-wide one is.
        let chosen = timeout < 10 ? Self.session(timeout: timeout) : session
        let (data, response) = try await chosen.data(for: request)
        if chosen !== session { chosen.finishTasksAndInvalidate() }
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields { fields["\(name)"] = "\(value)" }
        return Reply(status: http.statusCode, headers: fields, text: String(decoding: data, as: UTF8.self))
    }

    private static func session(timeout: TimeInterval) -> URLSession {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        return URLSession(configuration: configuration)
    }

    func create(_ body: String, path: String? = nil, timeout: TimeInterval = 10) async throws -> Reply {
        try await call("POST", path ?? journalPath, body: body, timeout: timeout)
    }

    /// Posts the token form.
    func tokenRequest(_ form: String) async throws -> Reply {
        var request = URLRequest(url: simulator.tokenURL)
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(form.utf8)
        let (data, response) = try await session.data(for: request)
        return Reply(status: (response as! HTTPURLResponse).statusCode, headers: [:], text: String(decoding: data, as: UTF8.self))
    }
}

/// Runs `body` against a fresh simulator built from the test seed, adjusted by `configure`.
func withSimulator(_ configure: (inout SimulatorConfiguration) -> Void = { _ in },
                   _ body: (SimulatorSession) async throws -> Void) async throws {
    var configuration = Seed.configuration()
    configure(&configuration)
    let simulator = BusinessCentralSimulator(configuration: configuration, logger: .disabled)
    try simulator.start()
    defer { simulator.stop() }
    let sessionConfiguration = URLSessionConfiguration.ephemeral
    sessionConfiguration.httpMaximumConnectionsPerHost = 64
    let session = URLSession(configuration: sessionConfiguration)
    defer { session.invalidateAndCancel() }
    try await body(SimulatorSession(simulator: simulator, session: session, token: simulator.issueToken()))
}

/// Polls `condition` until it holds or `timeout` passes.
func eventually(timeout: Duration = .seconds(5), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return try await condition()
}

/// A percent-encoded query value.
func encoded(_ value: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return value.addingPercentEncoding(withAllowedCharacters: allowed)!
}
