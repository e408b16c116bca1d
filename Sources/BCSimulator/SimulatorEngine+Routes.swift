import ExactJSON
import Foundation
import HTTPServer

extension SimulatorEngine {
    /// Runs an authenticated, admitted API request.
    /// - Parameter holdBeforeCommit: how long a create executes between taking its line's key and committing.
    func execute(_ route: APIRoute, _ request: HTTPRequest, base: String,
                 holdBeforeCommit: Duration = .zero) async -> HTTPResponse {
        do throws(SimulatorFailure) {
            if let company = route.company, store.directory.company(company) == nil {
                throw SimulatorFailure(ODataError.notFound("The company with id '\(company.odata)' does not exist"))
            }
            switch (route, request.method) {
            case (.companies, "GET"):
                return try listCompanies(request, base: base)
            case (.company(let id), "GET"):
                return ODataResponse.json(.object(
                    [(key: "@odata.context", value: .string("\(base)/$metadata#companies/$entity"))]
                        + EntityJSON.company(store.directory.company(id)!)))
            case (.journals(let company), "GET"):
                return try listJournals(company, request, base: base)
            case (.journals(let company), "POST"):
                return try createJournal(company, request, base: base)
            case (.journal(let company, let id), "GET"):
                return try getJournal(company, id, base: base)
            case (.journalPayments(let company, let journal), "GET"):
                return try listPayments(company, journal: journal, request, base: base)
            case (.journalPayments(let company, let journal), "POST"):
                return try await createPayment(company, journal: journal, request, base: base,
                                               holdBeforeCommit: holdBeforeCommit)
            case (.journalPayment(let company, let journal, let id), "GET"):
                return try getPayment(company, journal: journal, id, request, base: base)
            case (.payments(let company), "GET"):
                return try listPayments(company, journal: nil, request, base: base)
            case (.payments(let company), "POST"):
                return try await createPayment(company, journal: nil, request, base: base,
                                               holdBeforeCommit: holdBeforeCommit)
            case (.payment(let company, let id), "GET"):
                return try getPayment(company, journal: nil, id, request, base: base)
            case (.customers(let company), "GET"):
                return try listCustomers(company, request, base: base)
            case (.customer(let company, let id), "GET"):
                return try getCustomer(company, id, base: base)
            case (.companyInformation(let company, let id), "GET"):
                return try companyInformation(company, id: id, request, base: base)
            case (.generalLedgerEntries(let company), "GET"):
                return try listGeneralLedgerEntries(company, request, base: base)
            default:
                return ODataError.response(405, "BadRequest_MethodNotAllowed",
                                           "'\(request.method)' requests for this resource are not allowed within Dynamics 365 Business Central OData web services")
            }
        } catch {
            return error.response
        }
    }

    func parseBody(_ request: HTTPRequest) throws(SimulatorFailure) -> JSONValue {
        do {
            return try JSONParser.parse(request.body)
        } catch {
            throw SimulatorFailure(ODataError.badRequest("Invalid Request Body"))
        }
    }

    func collection(_ context: String, _ items: [JSONValue]) -> HTTPResponse {
        ODataResponse.json(.object([(key: "@odata.context", value: .string(context)), (key: "value", value: .array(items))]))
    }

    func sameKeyExists(_ message: String) -> HTTPResponse {
        ODataError.response(configuration.sameKeyStatus.rawValue, "Internal_EntityWithSameKeyExists", message)
    }

    private func listCompanies(_ request: HTTPRequest, base: String) throws(SimulatorFailure) -> HTTPResponse {
        let options = try QueryOptions(request)
        var matching: [SimCompany] = []
        for company in store.directory.companies where try options.matches(EntityJSON.companyFields(company), entity: "company") {
            matching.append(company)
        }
        return collection("\(base)/$metadata#companies", options.page(matching).map { .object(EntityJSON.company($0)) })
    }
}
