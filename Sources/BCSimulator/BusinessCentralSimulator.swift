import Foundation
import HTTPServer
import Telemetry

/// A Business Central API v2.0 simulator over real HTTP: OAuth token endpoint, companies, customer payment
/// journals and customer payments with BC's validation rules and line numbering, injectable faults and
/// BC-like rate and concurrency limits. On-premises mode: HTTP Basic instead of OAuth, and API v1.0 by
/// configuration (``SimulatorConfiguration/authentication``, ``SimulatorConfiguration/apiVersion``).
///
/// Endpoints (the API root may be `/v2.0/{tenant}/{environment}/api/v2.0`, `/{tenant}/{environment}/api/v2.0` or
/// `/api/v2.0`): `POST /{tenant}/oauth2/v2.0/token`; `GET companies[({id})]`;
/// `GET|POST companies({id})/customerPaymentJournals`, `GET …/customerPaymentJournals({id})`;
/// `GET|POST …/customerPaymentJournals({id})/customerPayments`, `GET …/customerPayments({id})`;
/// flat `GET|POST companies({id})/customerPayments`, `GET companies({id})/customerPayments({id})`.
/// `GET companies({id})/customers[({id})]` and `GET companies({id})/companyInformation` (master data).
/// `POST $batch` (OData JSON batch, at most 100 operations, `Prefer: odata.continue-on-error`): one concurrency
/// slot for the batch, each operation rate-limited, faulted by its own kind and executed as its plain request
/// (see `SimulatorEngine+Batch.swift`).
/// Inspection without authentication: `GET /_simulator/lines`, `POST /_simulator/journals/{code}/post`,
/// `GET /_simulator/stats`, `POST /_simulator/faults` (scripted faults) and `POST /_simulator/credentials`
/// (rotation).
///
/// Line inserts follow BC's primary-key locking on (journal, lineNumber): an insert holds its key until it commits,
/// a second insert of that key waits and then fails with `Internal_EntityWithSameKeyExists` (or proceeds if the
/// first rolled back), and a line is invisible until it commits. Requests run to their end even when the client
/// has gone (see ``Fault/slowCommit(_:)``).
public final class BusinessCentralSimulator: Sendable {
    private let engine: SimulatorEngine
    private let server: HTTPServer

    /// Creates a simulator; nothing listens until ``start()``.
    public init(configuration: SimulatorConfiguration, logger: Logger) {
        let engine = SimulatorEngine(configuration: configuration, logger: logger)
        self.engine = engine
        server = HTTPServer(configuration: configuration.server, logger: logger) { request in
            await engine.handle(request)
        }
    }

    /// Starts listening.
    /// - Throws: `HTTPServerError` naming `host:port` when the address cannot be bound.
    public func start() throws {
        try server.start()
    }

    /// Stops listening and closes every connection; idempotent.
    public func stop() {
        server.stop()
    }

    /// The bound port (after ``start()``).
    public var port: Int { server.port }

    /// OAuth: `http://{host}:{port}/v2.0/{tenant}/{environment}/api/{version}` (BC online's form); Basic:
    /// `http://{host}:{port}/BC/api/{version}` (on-premises' `/{instance}/api/{version}`).
    public var baseURL: URL {
        let configuration = engine.configuration
        if configuration.authentication != .oauth { return URL(string: "\(origin)/BC/api/\(configuration.apiVersion)")! }
        return URL(string: "\(origin)/v2.0/\(configuration.tenant)/\(configuration.environment)/api/\(configuration.apiVersion)")!
    }

    /// `http://{host}:{port}/{tenant}/oauth2/v2.0/token`.
    public var tokenURL: URL {
        URL(string: "\(origin)/\(engine.configuration.tenant)/oauth2/v2.0/token")!
    }

    /// The scope the token endpoint expects.
    public static let scope = SimulatorEngine.businessCentralScope

    /// Every line ever created, posted or not, in creation order.
    public func lines() -> [SimLine] {
        engine.store.allLines()
    }

    /// The journals of a company (the first configured company by default), sorted by code.
    public func journals(company: UUID? = nil) -> [SimJournal] {
        guard let company = company ?? engine.configuration.companies.first?.id else { return [] }
        return engine.store.journals(company: company)
    }

    /// Posts a journal as BC would, all or nothing: positive or zero amounts, a missing customer or an unknown
    /// applies-to invoice number fail the whole posting. Posted lines leave the journal but stay in ``lines()``.
    @discardableResult
    public func postJournal(code: String, company: UUID? = nil) -> SimPostingResult {
        guard let company = company ?? engine.configuration.companies.first?.id else { return .journalNotFound }
        return engine.store.post(code: code, company: company)
    }

    /// Deletes a journal with its unposted lines, as a user or an environment restore would; `false` when it does
    /// not exist. A later get-or-create makes a new journal with a new id.
    @discardableResult
    public func deleteJournal(code: String, company: UUID? = nil) -> Bool {
        guard let company = company ?? engine.configuration.companies.first?.id else { return false }
        return engine.store.deleteJournal(code: code, company: company)
    }

    /// Replaces the probabilistic fault plan (and reseeds its generator).
    public func setFaults(_ plan: FaultPlan) {
        engine.faults.setPlan(plan)
    }

    /// Queues faults for the next matching requests, one request each, in order; e.g. slow commits for the next
    /// `n` creates: `enqueueFaults(Array(repeating: .slowCommit(.seconds(3)), count: n), target: .creates)`.
    public func enqueueFaults(_ faults: [Fault], target: FaultTarget = .any) {
        engine.faults.enqueue(faults, target: target)
    }

    /// Scripted faults not yet consumed.
    public var pendingFaults: Int { engine.faults.pendingScripted }

    /// Creates executing with their line's key held and not yet committed (e.g. under ``Fault/slowCommit(_:)``); a
    /// test waits for this to reach 1 before it sends a competing create, instead of sleeping.
    public var pendingInserts: Int { engine.store.pendingInserts }

    /// Rotates the client secret of `clientId` (the configured client by default), as an admin replacing a
    /// secret in Entra: token requests need `secret` from now on, tokens issued before stay valid until they expire.
    /// - Returns: `false` when no app registration has that client id.
    @discardableResult
    public func rotateClientSecret(to secret: String, clientId: String? = nil) -> Bool {
        engine.credentials.setSecret(secret, for: clientId ?? engine.configuration.clientId)
    }

    /// Rotates the on-premises web service access key (HTTP Basic): the very next request needs `key`.
    /// - Returns: `false` when the simulator authenticates with OAuth.
    @discardableResult
    public func rotateWebServiceAccessKey(to key: String) -> Bool {
        engine.credentials.setWebServiceAccessKey(key)
    }

    /// A snapshot of the counters.
    public var stats: SimulatorStats { engine.statsSnapshot() }

    /// A valid access token for `clientId` (the configured client by default), without a token request.
    public func issueToken(clientId: String? = nil) -> String {
        engine.tokens.issue(for: clientId ?? engine.configuration.clientId)
    }

    private var origin: String {
        let host = engine.configuration.server.host
        let printable = host == "0.0.0.0" ? "127.0.0.1" : host.contains(":") ? "[\(host)]" : host
        return "http://\(printable):\(port)"
    }
}
