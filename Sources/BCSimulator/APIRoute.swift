import Foundation

/// A parsed API path below `/api/v2.0/`.
enum APIRoute: Equatable {
    case companies
    case company(UUID)
    case journals(company: UUID)
    case journal(company: UUID, journal: UUID)
    case journalPayments(company: UUID, journal: UUID)
    case journalPayment(company: UUID, journal: UUID, payment: UUID)
    case payments(company: UUID)
    case payment(company: UUID, payment: UUID)
    case customers(company: UUID)
    case customer(company: UUID, customer: UUID)
    /// `companyInformation` (a collection of one) or `companyInformation({id})`.
    case companyInformation(company: UUID, id: UUID?)
    case generalLedgerEntries(company: UUID)

    /// The route of `resourcePath` (the part after `/api/v2.0`).
    /// - Throws: ``SimulatorFailure`` with BC's 404 (unknown segment) or 400 (malformed key).
    init(resourcePath: String) throws(SimulatorFailure) {
        var segments: [(name: String, key: UUID?)] = []
        for raw in resourcePath.split(separator: "/") {
            segments.append(try Self.segment(String(raw)))
        }
        let names = segments.map(\.name)
        let keys = segments.map(\.key)
        switch names {
        case ["companies"]:
            self = keys[0].map { .company($0) } ?? .companies
        case ["companies", "customerPaymentJournals"]:
            let company = try Self.require(keys[0], "companies")
            self = keys[1].map { .journal(company: company, journal: $0) } ?? .journals(company: company)
        case ["companies", "customerPaymentJournals", "customerPayments"]:
            let company = try Self.require(keys[0], "companies")
            let journal = try Self.require(keys[1], "customerPaymentJournals")
            self = keys[2].map { .journalPayment(company: company, journal: journal, payment: $0) }
                ?? .journalPayments(company: company, journal: journal)
        case ["companies", "customerPayments"]:
            let company = try Self.require(keys[0], "companies")
            self = keys[1].map { .payment(company: company, payment: $0) } ?? .payments(company: company)
        case ["companies", "customers"]:
            let company = try Self.require(keys[0], "companies")
            self = keys[1].map { .customer(company: company, customer: $0) } ?? .customers(company: company)
        case ["companies", "companyInformation"]:
            self = .companyInformation(company: try Self.require(keys[0], "companies"), id: keys[1])
        case ["companies", "generalLedgerEntries"] where keys[1] == nil:
            self = .generalLedgerEntries(company: try Self.require(keys[0], "companies"))
        default:
            let known = ["companies", "customerPaymentJournals", "customerPayments", "customers", "companyInformation", "generalLedgerEntries"]
            let unknown = names.first { !known.contains($0) } ?? names.last ?? ""
            throw SimulatorFailure(ODataError.notFound("Resource not found for the segment '\(unknown)'"))
        }
    }

    var company: UUID? {
        switch self {
        case .companies: nil
        case .company(let id), .journals(let id), .journal(let id, _), .journalPayments(let id, _),
             .journalPayment(let id, _, _), .payments(let id), .payment(let id, _), .customers(let id),
             .customer(let id, _), .companyInformation(let id, _), .generalLedgerEntries(let id): id
        }
    }

    /// Whether this route addresses customer payment lines (for fault targeting).
    var isPayments: Bool {
        switch self {
        case .journalPayments, .journalPayment, .payments, .payment: true
        default: false
        }
    }

    private static func segment(_ raw: String) throws(SimulatorFailure) -> (name: String, key: UUID?) {
        guard let open = raw.firstIndex(of: "(") else { return (raw, nil) }
        guard raw.hasSuffix(")") else { throw SimulatorFailure(ODataError.badRequest("Bad Request - Error in query syntax")) }
        let name = String(raw[..<open])
        var key = String(raw[raw.index(after: open)..<raw.index(before: raw.endIndex)])
        if key.hasPrefix("id=") { key.removeFirst(3) }
        guard let id = UUID(uuidString: key) else {
            throw SimulatorFailure(ODataError.badRequest("The key value '\(key)' of segment '\(name)' is not a valid GUID"))
        }
        return (name, id)
    }

    private static func require(_ key: UUID?, _ name: String) throws(SimulatorFailure) -> UUID {
        guard let key else {
            throw SimulatorFailure(ODataError.badRequest("The request URI is not valid. The segment '\(name)' must be followed by a key"))
        }
        return key
    }
}
