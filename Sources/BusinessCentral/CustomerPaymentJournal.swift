import Foundation

/// A `customerPaymentJournals` entity (a Gen. Journal Batch of the cash-receipts template).
public struct CustomerPaymentJournal: Sendable, Equatable {
    public var id: UUID
    /// Code[10], upper-case.
    public var code: String
    public var displayName: String?
    public var balancingAccountId: UUID?
    public var balancingAccountNumber: String?
    public var lastModifiedDateTime: String?
    public var etag: String?

    public init(
        id: UUID,
        code: String,
        displayName: String? = nil,
        balancingAccountId: UUID? = nil,
        balancingAccountNumber: String? = nil,
        lastModifiedDateTime: String? = nil,
        etag: String? = nil
    ) {
        self.id = id
        self.code = code
        self.displayName = displayName
        self.balancingAccountId = balancingAccountId
        self.balancingAccountNumber = balancingAccountNumber
        self.lastModifiedDateTime = lastModifiedDateTime
        self.etag = etag
    }
}
