import Foundation
import HTTPServer

extension SimulatorEngine {
    private static let filtersNotSpecified = "You must specify a journal batch ID or a journal ID to get a journal line."

    /// Creates a line as BC does: validation, then the insert takes the line's key (an explicit `lineNumber`, or
    /// the last committed one + 10000 read without a lock), the request runs to its end (``SimulatorConfiguration/
    /// lineNumberRaceWindow`` for a number BC chose, plus `holdBeforeCommit`) and only then commits. With nothing
    /// to run in between, number, key and commit are taken at once (so a zero race window means no collisions).
    /// - Parameter holdBeforeCommit: extra execution time between taking the key and committing (``Fault/slowCommit(_:)``).
    func createPayment(_ company: UUID, journal pathJournal: UUID?, _ request: HTTPRequest, base: String,
                       holdBeforeCommit: Duration = .zero) async throws(SimulatorFailure) -> HTTPResponse {
        let body = try parseBody(request)
        let decimalsAsStrings = request.headers["Content-Type"]?.lowercased().contains("ieee754compatible=true") ?? false
        let draft = try PaymentDraft(body: body, directory: store.directory, decimalsAsStrings: decimalsAsStrings,
                                     apiVersion: configuration.apiVersion,
                                     externalDocumentNumberLength: configuration.externalDocumentNumberMaxLength)
        let journalId: UUID
        if let pathJournal {
            guard store.journal(pathJournal, company: company) != nil else { throw journalNotFound(pathJournal) }
            if let bodyJournal = draft.journalId, bodyJournal != .zero, bodyJournal != pathJournal {
                throw SimulatorFailure(ODataError.dialog("The Journal Id and Journal Display Name do not match."))
            }
            journalId = pathJournal
        } else {
            guard let bodyJournal = draft.journalId, bodyJournal != .zero else {
                throw SimulatorFailure(ODataError.dialog(Self.filtersNotSpecified))
            }
            guard store.journal(bodyJournal, company: company) != nil else {
                throw SimulatorFailure(ODataError.dialog(
                    "The Gen. Journal Batch does not exist. Identification fields and values: SystemId='\(bodyJournal.odata)'"))
            }
            journalId = bodyJournal
        }
        let explicit = draft.lineNumber.flatMap { $0 == 0 ? nil : $0 }
        // How long the request runs between BC's insert (which takes the key) and its commit: the race window
        // after reading the last line number without a lock, and a slow commit.
        let hold = (explicit == nil ? configuration.lineNumberRaceWindow : .zero) + holdBeforeCommit
        var lineNumber = explicit ?? 0
        if hold == .zero {
            // Nothing runs between insert and commit: done under one lock, unless another insert holds the key.
            switch store.insertNow(draft, journal: journalId, lineNumber: explicit) {
            case .inserted(let stored)?: return created(stored, company: company, pathJournal: pathJournal, base: base)
            case .taken(let number)?: throw collision(journalId, company: company, lineNumber: number)
            case .held(let number)?: lineNumber = number
            case nil: throw journalNotFound(journalId)
            }
        } else if explicit == nil {
            lineNumber = store.proposedLineNumber(journal: journalId)
        }
        // The insert holds the key until the request ends; an insert of the same key waits for it here.
        guard case .reserved(let reservation) = await store.reserveLine(journal: journalId, lineNumber: lineNumber) else {
            throw collision(journalId, company: company, lineNumber: lineNumber)
        }
        if hold > .zero { try? await Task.sleep(for: hold) }
        guard let stored = store.commitLine(draft, reservation: reservation) else { throw journalNotFound(journalId) }
        return created(stored, company: company, pathJournal: pathJournal, base: base)
    }

    private func collision(_ journalId: UUID, company: UUID, lineNumber: Int) -> SimulatorFailure {
        stats.update { $0.lineNumberCollisions += 1 }
        let code = store.journal(journalId, company: company)?.code ?? ""
        return SimulatorFailure(sameKeyExists(
            "The record in table Gen. Journal Line already exists. Identification fields and values: Journal Template Name='CASHRCPT',Journal Batch Name='\(code)',Line No.='\(lineNumber)'"))
    }

    private func created(_ stored: SimulatorStore.StoredLine, company: UUID, pathJournal: UUID?,
                         base: String) -> HTTPResponse {
        stats.update { $0.linesCreated += 1 }
        let path = pathJournal.map { "companies(\(company.odata))/customerPaymentJournals(\($0.odata))/customerPayments" }
            ?? "companies(\(company.odata))/customerPayments"
        var response = ODataResponse.json(.object(
            [(key: "@odata.context", value: .string("\(base)/$metadata#\(path)/$entity"))] + EntityJSON.payment(stored)),
            status: 201)
        response.headers.set("Location", to: "\(base)/\(path)(\(stored.line.id.odata))")
        response.headers.set("ETag", to: EntityJSON.etag(stored.line.id, version: stored.version))
        return response
    }

    func listPayments(_ company: UUID, journal pathJournal: UUID?, _ request: HTTPRequest,
                      base: String) throws(SimulatorFailure) -> HTTPResponse {
        let options = try QueryOptions(request)
        let context: String
        var journalId: UUID?
        if let pathJournal {
            guard store.journal(pathJournal, company: company) != nil else { throw journalNotFound(pathJournal) }
            journalId = pathJournal
            context = "\(base)/$metadata#companies(\(company.odata))/customerPaymentJournals(\(pathJournal.odata))/customerPayments"
        } else {
            context = "\(base)/$metadata#companies(\(company.odata))/customerPayments"
            if case .bare(let text)? = options.filter?.equality("journalId") { journalId = UUID(uuidString: text) }
        }
        var candidates: [SimulatorStore.StoredLine]
        if let journalId {
            if case .bare(let text)? = options.filter?.equality("lineNumber"), let lineNumber = Int(text) {
                // The primary key: at most one line, found without scanning the journal.
                candidates = store.unpostedLine(journal: journalId, lineNumber: lineNumber).map { [$0] } ?? []
            } else {
                var external: String?
                if case .string(let text)? = options.filter?.equality("externalDocumentNumber") {
                    external = text.trimmingCharacters(in: .whitespaces).uppercased()
                }
                candidates = store.unpostedLines(journal: journalId, external: external)
            }
            candidates = candidates.filter { $0.line.companyId == company }
        } else if case .bare(let text)? = options.filter?.equality("id"), let id = UUID(uuidString: text) {
            candidates = store.unpostedLine(id).map { [$0] }?.filter { $0.line.companyId == company } ?? []
        } else {
            throw SimulatorFailure(ODataError.dialog(Self.filtersNotSpecified))
        }
        let visible = visibility(request)
        var matching: [SimulatorStore.StoredLine] = []
        for stored in candidates where visible(stored) {
            if try options.matches(EntityJSON.paymentFields(stored.line), entity: "customerPayment") { matching.append(stored) }
        }
        matching.sort { $0.line.lineNumber < $1.line.lineNumber }
        return collection(context, options.page(matching).map { .object(EntityJSON.payment($0)) })
    }

    func getPayment(_ company: UUID, journal pathJournal: UUID?, _ id: UUID, _ request: HTTPRequest,
                    base: String) throws(SimulatorFailure) -> HTTPResponse {
        if let pathJournal, store.journal(pathJournal, company: company) == nil { throw journalNotFound(pathJournal) }
        guard let stored = store.unpostedLine(id), stored.line.companyId == company,
              pathJournal == nil || stored.line.journalId == pathJournal, visibility(request)(stored) else {
            throw SimulatorFailure(ODataError.notFound(
                "The Gen. Journal Line does not exist. Identification fields and values: SystemId='\(id.odata)'"))
        }
        let path = pathJournal.map { "companies(\(company.odata))/customerPaymentJournals(\($0.odata))/customerPayments" }
            ?? "companies(\(company.odata))/customerPayments"
        return ODataResponse.json(.object(
            [(key: "@odata.context", value: .string("\(base)/$metadata#\(path)/$entity"))] + EntityJSON.payment(stored)))
    }

    /// Reads without `Data-Access-Intent: ReadWrite` go to a replica that misses the newest lines.
    private func visibility(_ request: HTTPRequest) -> @Sendable (SimulatorStore.StoredLine) -> Bool {
        let lag = configuration.readReplicaLag
        let readsPrimary = request.headers["Data-Access-Intent"]?.lowercased() == "readwrite"
        guard lag > .zero, !readsPrimary else { return { _ in true } }
        let horizon = ContinuousClock.now.advanced(by: .zero - lag)
        return { $0.createdInstant <= horizon }
    }

    private func journalNotFound(_ id: UUID) -> SimulatorFailure {
        SimulatorFailure(ODataError.notFound(
            "The Gen. Journal Batch does not exist. Identification fields and values: SystemId='\(id.odata)'"))
    }
}
