import Foundation

/// A customer payment journal (a batch of the cash-receipts template).
public struct SimJournal: Sendable, Hashable {
    public var id: UUID
    public var companyId: UUID
    /// Code[10], upper-case.
    public var code: String
    public var displayName: String
    public var lastModified: Date

    public init(id: UUID = UUID(), companyId: UUID, code: String, displayName: String = "", lastModified: Date = Date()) {
        self.id = id
        self.companyId = companyId
        self.code = code.uppercased()
        self.displayName = displayName
        self.lastModified = lastModified
    }
}
