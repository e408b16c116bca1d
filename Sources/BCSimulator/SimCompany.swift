import Foundation

/// A company of the simulated environment.
public struct SimCompany: Sendable, Hashable {
    /// The company's id, as used in `companies({id})`.
    public var id: UUID
    /// The company name.
    public var name: String
    /// The display name.
    public var displayName: String
    /// The local currency (General Ledger Setup's "LCY Code"), served as `companyInformation`'s `currencyCode`;
    /// a customer with a blank currency trades in it.
    public var currencyCode: String

    public init(id: UUID, name: String, displayName: String? = nil, currencyCode: String = "USD") {
        self.id = id
        self.name = name
        self.displayName = displayName ?? name
        self.currencyCode = currencyCode.uppercased()
    }

    /// The SystemId of the company's Company Information record: BC keeps it apart from the company id, so it
    /// is derived (stably) rather than reused, and a client that mixes the two up is caught.
    var informationId: UUID {
        var bytes = id.uuid
        bytes.0 ^= 0xC1
        bytes.1 ^= 0x1F
        return UUID(uuid: bytes)
    }
}
