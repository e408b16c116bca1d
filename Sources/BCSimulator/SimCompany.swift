import Foundation

/// A company of the simulated environment.
public struct SimCompany: Sendable, Hashable {
    /// The company's id, as used in `companies({id})`.
    public var id: UUID
    /// The company name.
    public var name: String
    /// The display name.
    public var displayName: String

    public init(id: UUID, name: String, displayName: String? = nil) {
        self.id = id
        self.name = name
        self.displayName = displayName ?? name
    }
}
