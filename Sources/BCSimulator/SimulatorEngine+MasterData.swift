import Foundation
import HTTPServer

/// `customers` and `companyInformation`: read-only master data, e.g. for a client's currency check.
extension SimulatorEngine {
    func listCustomers(_ company: UUID, _ request: HTTPRequest, base: String) throws(SimulatorFailure) -> HTTPResponse {
        let options = try QueryOptions(request)
        let owner = store.directory.company(company)!
        var candidates = store.directory.customers
        if case .string(let number)? = options.filter?.equality("number") {
            // The primary key: at most one customer, found without a scan.
            candidates = store.directory.customer(number: number.trimmingCharacters(in: .whitespaces).uppercased())
                .map { [$0] } ?? []
        }
        var matching: [SimCustomer] = []
        for customer in candidates
        where try options.matches(EntityJSON.customerFields(customer, company: owner), entity: "customer") {
            matching.append(customer)
        }
        return collection("\(base)/$metadata#companies(\(company.odata))/customers",
                          options.page(matching).map { .object(EntityJSON.customer($0, company: owner)) })
    }

    func getCustomer(_ company: UUID, _ id: UUID, base: String) throws(SimulatorFailure) -> HTTPResponse {
        guard let customer = store.directory.customer(id: id) else {
            throw SimulatorFailure(ODataError.notFound(
                "The Customer does not exist. Identification fields and values: SystemId='\(id.odata)'"))
        }
        return ODataResponse.json(.object(
            [(key: "@odata.context", value: .string("\(base)/$metadata#companies(\(company.odata))/customers/$entity"))]
                + EntityJSON.customer(customer, company: store.directory.company(company)!)))
    }

    /// A collection of exactly one entity, as BC serves it; with a key, that entity (404 for another key).
    func companyInformation(_ company: UUID, id: UUID?, _ request: HTTPRequest,
                            base: String) throws(SimulatorFailure) -> HTTPResponse {
        let owner = store.directory.company(company)!
        let context = "\(base)/$metadata#companies(\(company.odata))/companyInformation"
        if let id {
            guard id == owner.informationId else {
                throw SimulatorFailure(ODataError.notFound(
                    "The Company Information does not exist. Identification fields and values: SystemId='\(id.odata)'"))
            }
            return ODataResponse.json(.object([(key: "@odata.context", value: .string(context + "/$entity"))]
                + EntityJSON.companyInformation(owner)))
        }
        let options = try QueryOptions(request)
        let matches = try options.matches(EntityJSON.companyInformationFields(owner), entity: "companyInformation")
        return collection(context, options.page(matches ? [owner] : []).map { .object(EntityJSON.companyInformation($0)) })
    }
}
