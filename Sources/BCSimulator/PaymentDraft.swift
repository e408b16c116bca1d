import ExactJSON
import Foundation

/// The validated content of a `POST customerPayments` body, before the line gets its number and defaults.
struct PaymentDraft {
    var journalId: UUID?
    var lineNumber: Int?
    var customer: SimCustomer?
    var postingDate: String?
    var documentNumber: String?
    var externalDocumentNumber = ""
    var amount: Decimal = 0
    var appliesToInvoiceId = UUID.zero
    var appliesToInvoiceNumber = ""
    var description: String?
    var comment = ""

    /// Properties BC accepts on create but ignores (read-only or overwritten from the journal).
    private static let ignored: Set<String> = ["id", "lastModifiedDateTime"]
    private static let known: Set<String> = [
        "journalId", "journalDisplayName", "lineNumber", "customerId", "customerNumber", "postingDate",
        "documentNumber", "externalDocumentNumber", "amount", "appliesToInvoiceId", "appliesToInvoiceNumber",
        "description", "comment",
    ]

    /// Validates `body` field by field in the page's field order, as BC runs the fields' OnValidate triggers.
    ///
    /// - Parameters:
    ///   - apiVersion: `v1.0` also knows `contactId` (Text[250], accepted, not resolved).
    ///   - externalDocumentNumberLength: 35 (v2.0) or, as v1.0 documents it, 20.
    /// - Throws: ``SimulatorFailure`` carrying BC's 400 response for the first violated rule.
    init(body: JSONValue, directory: Directory, decimalsAsStrings: Bool, apiVersion: String = "v2.0",
         externalDocumentNumberLength: Int = 35) throws(SimulatorFailure) {
        guard case .object(let members) = body else { throw SimulatorFailure(ODataError.badRequest("Invalid Request Body")) }
        let known = apiVersion == "v1.0" ? Self.known.union(["contactId"]) : Self.known
        let fields = try EntityFields(members, known: known, ignored: Self.ignored, entity: "customerPayment")

        journalId = try fields.guid("journalId")
        _ = try fields.code("journalDisplayName", maxLength: 10)
        lineNumber = try fields.int32("lineNumber")
        if let customerId = try fields.guid("customerId"), customerId != .zero {
            guard let found = directory.customer(id: customerId) else {
                throw SimulatorFailure(ODataError.dialog(#"The "customerId" does not match to a Customer."#))
            }
            customer = try Self.checkBlocked(found)
        }
        if let number = try fields.code("customerNumber", maxLength: 20) {
            if let customer {
                guard customer.number == number else {
                    throw SimulatorFailure(ODataError.dialog("The customer values do not match to a specific Customer."))
                }
            } else if !number.isEmpty {
                guard let found = directory.customer(number: number) else {
                    throw SimulatorFailure(ODataError.dialog(#"The "customerNumber" does not match to a Customer."#))
                }
                customer = try Self.checkBlocked(found)
            }
        }
        postingDate = try fields.date("postingDate")
        documentNumber = try fields.code("documentNumber", maxLength: 20)
        _ = try fields.text("contactId", maxLength: 250)
        externalDocumentNumber = try fields.code("externalDocumentNumber", maxLength: externalDocumentNumberLength) ?? ""
        amount = try fields.decimal("amount", allowString: decimalsAsStrings) ?? 0
        try applyInvoice(fields, directory: directory)
        description = try fields.text("description", maxLength: 100)
        comment = try fields.text("comment", maxLength: 250) ?? ""
    }

    private mutating func applyInvoice(_ fields: EntityFields, directory: Directory) throws(SimulatorFailure) {
        var invoice: SimPostedInvoice?
        if let invoiceId = try fields.guid("appliesToInvoiceId"), invoiceId != .zero {
            guard let found = directory.invoice(id: invoiceId) else {
                throw SimulatorFailure(ODataError.dialog(
                    #"The "appliesToInvoiceId" should be the ID of an Open, Paid, Corrective, or Canceled Invoice."#))
            }
            invoice = found
        }
        if let number = try fields.code("appliesToInvoiceNumber", maxLength: 20) {
            if let invoice {
                guard invoice.number == number else {
                    throw SimulatorFailure(ODataError.dialog("The Applies To Invoice values do not match to the same Invoice."))
                }
            } else if let found = directory.invoice(number: number) {
                invoice = found
            } else {
                // BC accepts an unknown invoice number here and fails only when the journal is posted.
                appliesToInvoiceNumber = number
            }
        }
        guard let invoice else { return }
        appliesToInvoiceId = invoice.id
        appliesToInvoiceNumber = invoice.number
        if customer == nil, let billTo = directory.customer(number: invoice.customerNumber) {
            customer = try Self.checkBlocked(billTo)
        }
    }

    private static func checkBlocked(_ customer: SimCustomer) throws(SimulatorFailure) -> SimCustomer {
        guard customer.blocked != .all else {
            throw SimulatorFailure(ODataError.dialog(
                "You cannot create this type of document when Customer \(customer.number) is blocked with type All"))
        }
        return customer
    }
}

extension UUID {
    /// The all-zero GUID BC uses for "no value".
    static let zero = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))

    /// Lower-case, as BC writes GUIDs in JSON.
    var odata: String { uuidString.lowercased() }
}
