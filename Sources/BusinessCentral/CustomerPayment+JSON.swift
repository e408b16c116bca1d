import ExactJSON
import Foundation

extension CustomerPayment {
    /// Decodes a `customerPayments` entity; `nil` when `id`, `lineNumber` or `amount` is missing or malformed.
    init?(json: JSONValue) {
        guard let id = json["id"]?.stringValue.flatMap(UUID.init(uuidString:)),
              let lineNumber = json["lineNumber"]?.numberLiteral.flatMap({ Int($0) }),
              let amountLiteral = json["amount"]?.numberLiteral, let amount = DecimalLiteral.decimal(amountLiteral)
        else { return nil }
        self.init(
            id: id,
            journalId: EntityField.guid(json["journalId"]),
            journalDisplayName: json["journalDisplayName"]?.stringValue,
            lineNumber: lineNumber,
            customerId: EntityField.guid(json["customerId"]),
            customerNumber: json["customerNumber"]?.stringValue,
            postingDate: json["postingDate"]?.stringValue,
            documentNumber: json["documentNumber"]?.stringValue,
            externalDocumentNumber: json["externalDocumentNumber"]?.stringValue,
            amount: amount,
            appliesToInvoiceId: EntityField.guid(json["appliesToInvoiceId"]),
            appliesToInvoiceNumber: json["appliesToInvoiceNumber"]?.stringValue,
            description: json["description"]?.stringValue,
            comment: json["comment"]?.stringValue,
            lastModifiedDateTime: json["lastModifiedDateTime"]?.stringValue,
            etag: json["@odata.etag"]?.stringValue
        )
    }
}
