import ExactJSON
import Foundation
import HTTPServer

/// `generalLedgerEntries` (page 30048): posted entries, filterable (e.g. `documentNumber eq 'X'`).
extension SimulatorEngine {
    func listGeneralLedgerEntries(_ company: UUID, _ request: HTTPRequest, base: String) throws(SimulatorFailure) -> HTTPResponse {
        let options = try QueryOptions(request)
        var candidates: [SimGeneralLedgerEntry]
        if case .string(let number)? = options.filter?.equality("documentNumber") {
            candidates = store.generalLedgerEntries(company: company, documentNumber: number.trimmingCharacters(in: .whitespaces).uppercased())
        } else {
            candidates = store.generalLedgerEntries(company: company)
        }
        var matching: [SimGeneralLedgerEntry] = []
        for entry in candidates where try options.matches(Self.fields(entry), entity: "generalLedgerEntry") {
            matching.append(entry)
        }
        candidates = matching
        return collection("\(base)/$metadata#companies(\(company.odata))/generalLedgerEntries",
                          options.page(candidates).map { .object(Self.json($0)) })
    }

    private static func fields(_ entry: SimGeneralLedgerEntry) -> [String: FieldValue] {
        ["id": .guid(entry.id), "entryNumber": .integer(entry.entryNumber), "postingDate": .date(entry.postingDate),
         "documentNumber": .code(entry.documentNumber), "documentType": .text(entry.documentType),
         "accountNumber": .code(entry.accountNumber), "description": .text(entry.description)]
    }

    private static func json(_ entry: SimGeneralLedgerEntry) -> [(key: String, value: JSONValue)] {
        let debit = entry.amount > 0 ? entry.amount : 0
        let credit = entry.amount < 0 ? -entry.amount : 0
        return [
            (key: "id", value: .string(entry.id.odata)),
            (key: "entryNumber", value: .number(String(entry.entryNumber))),
            (key: "postingDate", value: .string(entry.postingDate)),
            (key: "documentNumber", value: .string(entry.documentNumber)),
            (key: "documentType", value: .string(entry.documentType)),
            (key: "accountId", value: .string(UUID.zero.odata)),
            (key: "accountNumber", value: .string(entry.accountNumber)),
            (key: "description", value: .string(entry.description)),
            (key: "debitAmount", value: .number("\(debit)")),
            (key: "creditAmount", value: .number("\(credit)")),
            (key: "lastModifiedDateTime", value: .string(ODataDate.timestamp(Date()))),
        ]
    }
}
