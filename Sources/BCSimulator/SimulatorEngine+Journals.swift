import Foundation
import HTTPServer

extension SimulatorEngine {
    func listJournals(_ company: UUID, _ request: HTTPRequest, base: String) throws(SimulatorFailure) -> HTTPResponse {
        let options = try QueryOptions(request)
        var matching: [SimJournal] = []
        for journal in store.journals(company: company)
        where try options.matches(EntityJSON.journalFields(journal), entity: "customerPaymentJournal") {
            matching.append(journal)
        }
        return collection("\(base)/$metadata#companies(\(company.odata))/customerPaymentJournals",
                          options.page(matching).map { .object(EntityJSON.journal($0)) })
    }

    func getJournal(_ company: UUID, _ id: UUID, base: String) throws(SimulatorFailure) -> HTTPResponse {
        guard let journal = store.journal(id, company: company) else {
            throw SimulatorFailure(ODataError.notFound(
                "The Gen. Journal Batch does not exist. Identification fields and values: SystemId='\(id.odata)'"))
        }
        return ODataResponse.json(.object(
            [(key: "@odata.context", value: .string("\(base)/$metadata#companies(\(company.odata))/customerPaymentJournals/$entity"))]
                + EntityJSON.journal(journal)))
    }

    func createJournal(_ company: UUID, _ request: HTTPRequest, base: String) throws(SimulatorFailure) -> HTTPResponse {
        guard case .object(let members) = try parseBody(request) else {
            throw SimulatorFailure(ODataError.badRequest("Invalid Request Body"))
        }
        let fields = try EntityFields(members, known: ["code", "displayName", "balancingAccountId"],
                                      ignored: ["id", "lastModifiedDateTime", "balancingAccountNumber"],
                                      entity: "customerPaymentJournal")
        let code = try fields.code("code", maxLength: 10) ?? ""
        guard !code.isEmpty else {
            throw SimulatorFailure(ODataError.dialog(
                "Name must have a value in Gen. Journal Batch: Journal Template Name=CASHRCPT, Name=. It cannot be zero or empty"))
        }
        let displayName = try fields.text("displayName", maxLength: 100) ?? ""
        if let account = try fields.guid("balancingAccountId"), account != .zero {
            // The simulator has no chart of accounts, so any balancing account is unknown.
            throw SimulatorFailure(ODataError.dialog(#"The "balancingAccountId" does not match to a G/L Account."#))
        }
        guard let journal = store.insertJournal(SimJournal(companyId: company, code: code, displayName: displayName)) else {
            // The brief treats a duplicate batch as a plain 400; only line collisions follow `sameKeyStatus`.
            throw SimulatorFailure(ODataError.response(400, "Internal_EntityWithSameKeyExists",
                "The record in table Gen. Journal Batch already exists. Identification fields and values: Journal Template Name='CASHRCPT',Name='\(code)'"))
        }
        var response = ODataResponse.json(.object(
            [(key: "@odata.context", value: .string("\(base)/$metadata#companies(\(company.odata))/customerPaymentJournals/$entity"))]
                + EntityJSON.journal(journal)), status: 201)
        response.headers.set("Location", to: "\(base)/companies(\(company.odata))/customerPaymentJournals(\(journal.id.odata))")
        return response
    }
}
