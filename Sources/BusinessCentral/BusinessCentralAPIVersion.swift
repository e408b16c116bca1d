/// The Business Central API version the base URL serves (`/api/v2.0` or `/api/v1.0`).
///
/// The relay uses the same resources in both (`companies`, `customerPaymentJournals`, nested `customerPayments`);
/// what differs is the documented field set and lengths, see ``documentedExternalDocumentNumberLength``.
public enum BusinessCentralAPIVersion: String, Sendable, CaseIterable {
    case v2_0 = "v2.0"
    case v1_0 = "v1.0"

    /// `externalDocumentNumber`'s length as Microsoft documents it: Code[35] in v2.0, "maximum size 20" in v1.0.
    ///
    /// Whether a given BC's v1.0 page really stops at 20 depends on its version (the table field is Code[35] in
    /// current BC): UNCONFIRMED, so the limit is configurable (`BC_EXTERNAL_DOCUMENT_NUMBER_LENGTH`).
    public var documentedExternalDocumentNumberLength: Int {
        switch self {
        case .v2_0: 35
        case .v1_0: 20
        }
    }
}
