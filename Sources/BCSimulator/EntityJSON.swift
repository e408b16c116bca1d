import ExactJSON
import Foundation

/// The JSON shapes of BC's v2.0 entities, and their filterable fields.
enum EntityJSON {
    static func company(_ company: SimCompany) -> [(key: String, value: JSONValue)] {
        [
            (key: "id", value: .string(company.id.odata)),
            (key: "systemVersion", value: .string("25.0.23364.24876")),
            (key: "timestamp", value: .number("1")),
            (key: "name", value: .string(company.name)),
            (key: "displayName", value: .string(company.displayName)),
            (key: "businessProfileId", value: .string("")),
        ]
    }

    static func companyFields(_ company: SimCompany) -> [String: FieldValue] {
        ["id": .guid(company.id), "name": .text(company.name), "displayName": .text(company.displayName)]
    }

    static func journal(_ journal: SimJournal) -> [(key: String, value: JSONValue)] {
        [
            (key: "@odata.etag", value: .string(etag(journal.id, version: 1))),
            (key: "id", value: .string(journal.id.odata)),
            (key: "code", value: .string(journal.code)),
            (key: "displayName", value: .string(journal.displayName)),
            (key: "lastModifiedDateTime", value: .string(ODataDate.timestamp(journal.lastModified))),
            (key: "balancingAccountId", value: .string(UUID.zero.odata)),
            (key: "balancingAccountNumber", value: .string("")),
        ]
    }

    static func journalFields(_ journal: SimJournal) -> [String: FieldValue] {
        ["id": .guid(journal.id), "code": .code(journal.code), "displayName": .text(journal.displayName),
         "balancingAccountId": .guid(.zero), "balancingAccountNumber": .code("")]
    }

    static func payment(_ stored: SimulatorStore.StoredLine) -> [(key: String, value: JSONValue)] {
        let line = stored.line
        return [
            (key: "@odata.etag", value: .string(etag(line.id, version: stored.version))),
            (key: "id", value: .string(line.id.odata)),
            (key: "journalId", value: .string(line.journalId.odata)),
            (key: "journalDisplayName", value: .string(line.journal)),
        ] + lineFields(line) + [
            (key: "lastModifiedDateTime", value: .string(ODataDate.timestamp(line.createdAt))),
        ]
    }

    /// The fields the API entity and the inspection view share, in BC's order.
    private static func lineFields(_ line: SimLine) -> [(key: String, value: JSONValue)] {
        [
            (key: "lineNumber", value: .number(String(line.lineNumber))),
            (key: "customerId", value: .string(line.customerId.odata)),
            (key: "customerNumber", value: .string(line.customerNumber)),
            (key: "postingDate", value: .string(line.postingDate)),
            (key: "documentNumber", value: .string(line.documentNumber)),
            (key: "externalDocumentNumber", value: .string(line.externalDocumentNumber)),
            (key: "amount", value: .number(decimalLiteral(line.amount))),
            (key: "appliesToInvoiceId", value: .string(line.appliesToInvoiceId.odata)),
            (key: "appliesToInvoiceNumber", value: .string(line.appliesToInvoiceNumber)),
            (key: "description", value: .string(line.description)),
            (key: "comment", value: .string(line.comment)),
        ]
    }

    static func paymentFields(_ line: SimLine) -> [String: FieldValue] {
        [
            "id": .guid(line.id), "journalId": .guid(line.journalId), "journalDisplayName": .code(line.journal),
            "lineNumber": .integer(line.lineNumber), "customerId": .guid(line.customerId),
            "customerNumber": .code(line.customerNumber), "postingDate": .date(line.postingDate),
            "documentNumber": .code(line.documentNumber), "externalDocumentNumber": .code(line.externalDocumentNumber),
            "amount": .decimal(line.amount), "appliesToInvoiceId": .guid(line.appliesToInvoiceId),
            "appliesToInvoiceNumber": .code(line.appliesToInvoiceNumber), "description": .text(line.description),
            "comment": .text(line.comment),
        ]
    }

    /// The inspection view of a line: everything, including posting state and creation time.
    static func inspection(_ line: SimLine) -> JSONValue {
        .object([
            (key: "id", value: .string(line.id.odata)),
            (key: "companyId", value: .string(line.companyId.odata)),
            (key: "journalId", value: .string(line.journalId.odata)),
            (key: "journal", value: .string(line.journal)),
        ] + lineFields(line) + [
            (key: "createdAt", value: .string(ODataDate.timestamp(line.createdAt))),
            (key: "posted", value: .bool(line.isPosted)),
        ])
    }

    /// A JSON number literal for a decimal, without exponent or locale separators.
    static func decimalLiteral(_ value: Decimal) -> String {
        NSDecimalNumber(decimal: value).description(withLocale: Locale(identifier: "en_US_POSIX"))
    }

    /// A weak ETag shaped like BC's (`W/"JzQ0O…"`, the base64 of `'44;<hash>1;00;'`).
    static func etag(_ id: UUID, version: Int) -> String {
        var bytes = withUnsafeBytes(of: id.uuid) { Array($0) }
        bytes += bytes.reversed().map { $0 ^ UInt8(truncatingIfNeeded: version) }
        let inner = "'44;" + Data(bytes).base64EncodedString() + "1;00;'"
        return "W/\"" + Data(inner.utf8).base64EncodedString() + "\""
    }
}
