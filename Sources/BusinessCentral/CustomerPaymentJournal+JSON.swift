import ExactJSON
import Foundation

extension CustomerPaymentJournal {
    /// Decodes a `customerPaymentJournals` entity; `nil` when `id` or `code` is missing.
    init?(json: JSONValue) {
        guard let id = json["id"]?.stringValue.flatMap(UUID.init(uuidString:)),
              let code = json["code"]?.stringValue else { return nil }
        self.init(
            id: id,
            code: code,
            displayName: json["displayName"]?.stringValue,
            balancingAccountId: EntityField.guid(json["balancingAccountId"]),
            balancingAccountNumber: json["balancingAccountNumber"]?.stringValue,
            lastModifiedDateTime: json["lastModifiedDateTime"]?.stringValue,
            etag: json["@odata.etag"]?.stringValue
        )
    }
}
