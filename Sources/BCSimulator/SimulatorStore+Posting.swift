import Foundation

extension SimulatorStore {
    /// Posts every unposted line of a journal, all or nothing, with the checks BC defers to posting.
    func post(code: String, company: UUID) -> SimPostingResult {
        state.withLock { state in
            guard let journalId = state.journalIdsByCode[Self.codeKey(company, code.uppercased())],
                  var record = state.journals[journalId] else { return .journalNotFound }
            for index in record.unposted {
                if let message = postingError(state.lines[index].line) { return .failed(message: message) }
            }
            let documents = Set(record.unposted.map { state.lines[$0].line.documentNumber })
            for index in record.unposted {
                let line = state.lines[index].line
                let entry = SimGeneralLedgerEntry(
                    id: UUID(), entryNumber: state.ledgerEntries.count + 1, companyId: company, postingDate: line.postingDate,
                    documentNumber: line.documentNumber, documentType: "Payment", accountNumber: SimGeneralLedgerEntry.receivablesAccount,
                    description: line.description, amount: line.amount)
                state.ledgerEntriesByDocument[Self.documentKey(company, line.documentNumber), default: []].append(state.ledgerEntries.count)
                state.ledgerEntries.append(entry)
                state.lines[index].line.isPosted = true
                state.unpostedByExternal[Self.externalKey(journalId, state.lines[index].line.externalDocumentNumber)] = nil
            }
            let count = record.unposted.count
            record.unposted = []
            record.lineIndexByNumber = [:]
            record.lastLineNumber = 0
            record.nextDocumentNumber += documents.count
            state.journals[journalId] = record
            return .posted(count: count)
        }
    }

    static func documentKey(_ company: UUID, _ documentNumber: String) -> String { "\(company.uuidString)|\(documentNumber)" }

    /// Posted G/L entries of a company, optionally only those with `documentNumber`.
    func generalLedgerEntries(company: UUID, documentNumber: String? = nil) -> [SimGeneralLedgerEntry] {
        state.withLock { state in
            guard let documentNumber else { return state.ledgerEntries.filter { $0.companyId == company } }
            return (state.ledgerEntriesByDocument[Self.documentKey(company, documentNumber)] ?? []).map { state.ledgerEntries[$0] }
        }
    }

    private func postingError(_ line: SimLine) -> String? {
        let key = "Journal Template Name='CASHRCPT',Journal Batch Name='\(line.journal)',Line No.='\(line.lineNumber)'"
        if line.amount == 0 {
            return "Amount must have a value in Gen. Journal Line: \(key). It cannot be zero or empty."
        }
        if line.amount > 0 {
            return "Amount must be negative in Gen. Journal Line \(key)."
        }
        if line.customerNumber.isEmpty {
            return "Account No. must have a value in Gen. Journal Line: \(key). It cannot be zero or empty."
        }
        if !line.appliesToInvoiceNumber.isEmpty && directory.invoice(number: line.appliesToInvoiceNumber) == nil {
            return "The Applies-to Doc. No. \(line.appliesToInvoiceNumber) does not exist for customer \(line.customerNumber)."
        }
        return nil
    }
}
