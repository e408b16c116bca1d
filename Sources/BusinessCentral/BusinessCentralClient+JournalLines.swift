import ExactJSON
import Foundation

extension BusinessCentralClient {
    /// Every unposted line of `journalId`, read page by page (`$top`/`$skip`, in BC's key order: line number) from
    /// the primary database.
    ///
    /// Lines inserted or posted while the pages are read can shift the pages, so a line may be missed or read twice
    /// (duplicates by id are dropped); read a journal nobody posts meanwhile, or read again.
    /// - Parameter pageSize: lines per request (BC serves up to 20,000 per page).
    /// - Throws: ``BusinessCentralError``.
    public func allCustomerPayments(journalId: UUID, companyId: UUID, pageSize: Int = 1000) async throws -> [CustomerPayment] {
        precondition(pageSize > 0, "the page size must be positive")
        var payments: [CustomerPayment] = []
        var seen: Set<UUID> = []
        var skip = 0
        while true {
            let url = paths.url(ODataPath.journal(journalId, companyId: companyId) + "/customerPayments",
                                query: [("$top", String(pageSize)), ("$skip", String(skip))])
            let response = try await inJournal(journalId) {
                try await perform(.init(operation: "payment.list", method: "GET", url: url, readWriteIntent: true))
            }
            guard let values = JSONValue.parse(response.body)?["value"]?.arrayValue else {
                throw invalidResponse("customer payment list", isCreate: false, status: response.status)
            }
            for value in values {
                guard let payment = CustomerPayment(json: value) else {
                    throw invalidResponse("customer payment", isCreate: false, status: response.status)
                }
                if seen.insert(payment.id).inserted { payments.append(payment) }
            }
            guard values.count == pageSize else { return payments }
            skip += pageSize
        }
    }
}
