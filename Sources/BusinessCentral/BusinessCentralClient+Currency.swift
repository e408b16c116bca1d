import ExactJSON
import Foundation

extension BusinessCentralClient {
    /// The `currencyCode` of a customer card (blank = the company's local currency), found by `number` or `id`
    /// (`GET companies({id})/customers?$filter=…&$top=1`); `nil` when no such customer exists.
    ///
    /// - Throws: ``BusinessCentralError``.
    public func customerCurrency(number: String?, id: UUID?, companyId: UUID) async throws -> String? {
        let filter: String
        if let id {
            filter = PercentEncoding.encode("id eq \(ODataPath.key(id))")
        } else if let number {
            filter = ODataPath.stringFilter("number", equals: number.trimmingCharacters(in: .whitespaces).uppercased())
        } else {
            return nil
        }
        let url = paths.url(ODataPath.company(companyId) + "/customers", query: [("$filter", filter), ("$top", "1")])
        let response = try await perform(.init(operation: "customer.lookup", method: "GET", url: url))
        guard let values = JSONValue.parse(response.body)?["value"]?.arrayValue else {
            throw invalidResponse("customer list", isCreate: false, status: response.status)
        }
        guard let first = values.first else { return nil }
        return (first["currencyCode"]?.stringValue ?? "").trimmingCharacters(in: .whitespaces).uppercased()
    }

    /// The company's local currency (`GET companies({id})/companyInformation`, `currencyCode`).
    ///
    /// - Throws: ``BusinessCentralError``; `InvalidResponse` when BC returns no currency code.
    public func companyCurrency(companyId: UUID) async throws -> String {
        let url = paths.url(ODataPath.company(companyId) + "/companyInformation")
        let response = try await perform(.init(operation: "company.information", method: "GET", url: url))
        let json = JSONValue.parse(response.body)
        let entity = json?["value"]?.arrayValue?.first ?? json
        guard let code = entity?["currencyCode"]?.stringValue?.trimmingCharacters(in: .whitespaces), !code.isEmpty else {
            throw invalidResponse("company information (no currencyCode)", isCreate: false, status: response.status)
        }
        return code.uppercased()
    }
}

extension BusinessCentralClient {
    /// The id of a posted G/L entry with `documentNumber` (`GET companies({id})/generalLedgerEntries?$filter=
    /// documentNumber eq '…'&$top=1`), or `nil`. Posted lines leave the journal; their entries carry the document
    /// number (not the external document number).
    ///
    /// - Throws: ``BusinessCentralError``.
    public func postedEntry(documentNumber: String, companyId: UUID) async throws -> UUID? {
        let url = paths.url(ODataPath.company(companyId) + "/generalLedgerEntries",
                            query: [("$filter", ODataPath.stringFilter("documentNumber", equals: documentNumber)), ("$top", "1")])
        let response = try await perform(.init(operation: "posted.lookup", method: "GET", url: url, readWriteIntent: true))
        guard let values = JSONValue.parse(response.body)?["value"]?.arrayValue else {
            throw invalidResponse("general ledger entry list", isCreate: false, status: response.status)
        }
        guard let first = values.first else { return nil }
        guard let id = first["id"]?.stringValue.flatMap(UUID.init(uuidString:)) else {
            throw invalidResponse("general ledger entry", isCreate: false, status: response.status)
        }
        return id
    }
}
