import ExactJSON
import Foundation

/// The JSON shapes of BC's v2.0 `customer` and `companyInformation` entities (pages 30009 and 30011), and their
/// filterable fields. Properties the simulator has no data for are present with BC's empty values, so a client
/// reading the real shape finds every property.
extension EntityJSON {
    /// When master data "was last modified": fixed, since the simulator's master data never changes.
    private static let masterDataModified = Date(timeIntervalSince1970: 1_704_067_200)

    static func customer(_ customer: SimCustomer, company: SimCompany) -> [(key: String, value: JSONValue)] {
        let empty = JSONValue.string("")
        return [
            (key: "@odata.etag", value: .string(etag(customer.id, version: 1))),
            (key: "id", value: .string(customer.id.odata)),
            (key: "number", value: .string(customer.number)),
            (key: "displayName", value: .string(customer.name)),
            (key: "type", value: .string("Company")),
            (key: "addressLine1", value: empty), (key: "addressLine2", value: empty), (key: "city", value: empty),
            (key: "state", value: empty), (key: "country", value: empty), (key: "postalCode", value: empty),
            (key: "phoneNumber", value: empty), (key: "email", value: empty), (key: "website", value: empty),
            (key: "salespersonCode", value: empty),
            (key: "balanceDue", value: .number("0")),
            (key: "creditLimit", value: .number("0")),
            (key: "taxLiable", value: .bool(false)),
            (key: "taxAreaId", value: .string(UUID.zero.odata)),
            (key: "taxAreaDisplayName", value: empty),
            (key: "taxRegistrationNumber", value: empty),
            (key: "currencyId", value: .string(currencyId(customer.currencyCode).odata)),
            (key: "currencyCode", value: .string(customerCurrency(customer, company: company))),
            (key: "paymentTermsId", value: .string(UUID.zero.odata)),
            (key: "shipmentMethodId", value: .string(UUID.zero.odata)),
            (key: "paymentMethodId", value: .string(UUID.zero.odata)),
            (key: "blocked", value: .string(customer.blocked.caption)),
            (key: "lastModifiedDateTime", value: .string(ODataDate.timestamp(masterDataModified))),
        ]
    }

    static func customerFields(_ customer: SimCustomer, company: SimCompany) -> [String: FieldValue] {
        ["id": .guid(customer.id), "number": .code(customer.number), "displayName": .text(customer.name),
         "currencyCode": .code(customerCurrency(customer, company: company)), "blocked": .text(customer.blocked.caption),
         "type": .text("Company")]
    }

    /// The page shows a blank (local) currency as the local currency's code: `currencyCode` is
    /// `TranslateNAVCurrencyCodeToCurrencyCode(LCYCode, "Currency Code")`, which returns the LCY code for a blank one.
    static func customerCurrency(_ customer: SimCustomer, company: SimCompany) -> String {
        customer.currencyCode.isEmpty ? company.currencyCode : customer.currencyCode
    }

    static func companyInformation(_ company: SimCompany) -> [(key: String, value: JSONValue)] {
        let empty = JSONValue.string("")
        return [
            (key: "@odata.etag", value: .string(etag(company.informationId, version: 1))),
            (key: "id", value: .string(company.informationId.odata)),
            (key: "displayName", value: .string(company.displayName)),
            (key: "addressLine1", value: empty), (key: "addressLine2", value: empty), (key: "city", value: empty),
            (key: "state", value: empty), (key: "country", value: empty), (key: "postalCode", value: empty),
            (key: "phoneNumber", value: empty), (key: "faxNumber", value: empty), (key: "email", value: empty),
            (key: "website", value: empty), (key: "taxRegistrationNumber", value: empty),
            (key: "currencyCode", value: .string(company.currencyCode)),
            (key: "currentFiscalYearStartDate", value: .string(String(ODataDate.today().prefix(4)) + "-01-01")),
            (key: "industry", value: empty),
            (key: "lastModifiedDateTime", value: .string(ODataDate.timestamp(masterDataModified))),
        ]
    }

    static func companyInformationFields(_ company: SimCompany) -> [String: FieldValue] {
        ["id": .guid(company.informationId), "displayName": .text(company.displayName),
         "currencyCode": .code(company.currencyCode)]
    }

    /// A stable SystemId for a currency code (the zero GUID for blank, as BC's `currencyId` of a local-currency
    /// customer).
    private static func currencyId(_ code: String) -> UUID {
        guard !code.isEmpty else { return .zero }
        var bytes: [UInt8] = [0xC0, 0xDE, 0, 0, 0, 0, 0, 0, 0, 0] + Array(code.utf8.prefix(6))
        bytes += Array(repeating: 0, count: 16 - bytes.count)
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8],
                           bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}
