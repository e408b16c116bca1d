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
                state.lines[index].line.isPosted = true
                state.unpostedByExternal[Self.externalKey(journalId, state.lines[index].line.externalDocumentNumber)] = nil
            }
            let count = record.unposted.count
            record.unposted = []
            record.lineNumbers = []
            record.lastLineNumber = 0
            record.nextDocumentNumber += documents.count
            state.journals[journalId] = record
            return .posted(count: count)
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
