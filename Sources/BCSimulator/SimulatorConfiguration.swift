import Foundation
import HTTPServer

/// Everything that shapes one simulated Business Central environment.
public struct SimulatorConfiguration: Sendable {
    /// Status of `Internal_EntityWithSameKeyExists` on a lineNumber collision: 400 or 409; UNCONFIRMED for BC,
    /// so both are testable. (A duplicate journal code is always 400.)
    public enum SameKeyStatus: Int, Sendable {
        case badRequest = 400
        case conflict = 409
    }

    /// The tenant in token and API paths.
    public var tenant: String
    /// The environment name in API paths.
    public var environment: String
    /// The app registration's client id.
    public var clientId: String
    /// The app registration's client secret.
    public var clientSecret: String
    /// More `clientId: secret` registrations (each is a separate user for the limits).
    public var additionalClients: [String: String]
    /// Lifetime of issued tokens (`expires_in`, BC: 3599 s).
    public var tokenLifetime: Duration
    public var companies: [SimCompany]
    /// Journals that exist at start.
    public var journals: [SimJournal]
    public var customers: [SimCustomer]
    public var invoices: [SimPostedInvoice]
    /// How long a create without a `lineNumber` executes after reading the journal's last committed line number
    /// (without a lock, as BC does) and taking the key last + 10000, before it commits: creates into the same
    /// journal that read the same number meanwhile wait for that key and then collide. Zero: no such window.
    public var lineNumberRaceWindow: Duration
    public var sameKeyStatus: SameKeyStatus
    public var faults: FaultPlan
    public var limits: SimLimits
    /// GETs without `Data-Access-Intent: ReadWrite` do not see lines created less than this long ago.
    public var readReplicaLag: Duration
    /// The HTTP listener (host, port 0 = ephemeral, timeouts).
    public var server: HTTPServerConfiguration
    /// OAuth (BC online, the default) or HTTP Basic (on-premises).
    public var authentication: SimulatorAuthentication = .oauth
    /// The API version served: `v2.0` (default) or `v1.0`; paths under any other `/api/vX.Y` answer 404.
    public var apiVersion = "v2.0"
    /// `externalDocumentNumber`'s length; `nil`: as documented for ``apiVersion`` (35 in v2.0, 20 in v1.0). Whether
    /// a real BC's v1.0 page stops at 20 is UNCONFIRMED, so both are simulated.
    public var externalDocumentNumberLength: Int?

    /// The effective `externalDocumentNumber` length.
    var externalDocumentNumberMaxLength: Int { externalDocumentNumberLength ?? (apiVersion == "v1.0" ? 20 : 35) }

    public init(tenant: String = "simulated-tenant", environment: String = "production",
                clientId: String = "00000000-0000-0000-0000-00000000c11e", clientSecret: String = "simulator-secret",
                additionalClients: [String: String] = [:], tokenLifetime: Duration = .seconds(3599),
                companies: [SimCompany] = [], journals: [SimJournal] = [], customers: [SimCustomer] = [],
                invoices: [SimPostedInvoice] = [], lineNumberRaceWindow: Duration = .microseconds(500),
                sameKeyStatus: SameKeyStatus = .conflict, faults: FaultPlan = .none, limits: SimLimits = .unlimited,
                readReplicaLag: Duration = .zero, server: HTTPServerConfiguration = HTTPServerConfiguration()) {
        self.tenant = tenant
        self.environment = environment
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.additionalClients = additionalClients
        self.tokenLifetime = tokenLifetime
        self.companies = companies
        self.journals = journals
        self.customers = customers
        self.invoices = invoices
        self.lineNumberRaceWindow = lineNumberRaceWindow
        self.sameKeyStatus = sameKeyStatus
        self.faults = faults
        self.limits = limits
        self.readReplicaLag = readReplicaLag
        self.server = server
    }
}
