import Foundation

/// A customer; the simulator shares its customers between all companies.
public struct SimCustomer: Sendable, Hashable {
    /// Business Central's `Blocked` option on a customer.
    public enum Blocked: String, Sendable, Hashable {
        /// Not blocked.
        case none
        /// Blocked for invoicing; payments are still accepted.
        case invoice
        /// Blocked for everything; payment lines are refused at create.
        case all

        /// The option caption BC writes in messages and in the API's `blocked` (`" "`, `Invoice`, `All`).
        var caption: String {
            switch self {
            case .none: " "
            case .invoice: "Invoice"
            case .all: "All"
            }
        }
    }

    /// The customer's SystemId (`customerId`).
    public var id: UUID
    /// The customer number (`customerNumber`, Code[20], upper-case).
    public var number: String
    /// The name, copied into a payment's blank description.
    public var name: String
    /// The blocking state.
    public var blocked: Blocked
    /// The customer's currency (Code[10]); blank means the company's local currency, as in BC's Customer table.
    /// (The API's `currencyCode` shows the local currency's code for a blank one.)
    public var currencyCode: String

    public init(id: UUID, number: String, name: String, blocked: Blocked = .none, currencyCode: String = "") {
        self.id = id
        self.number = number.uppercased()
        self.name = name
        self.blocked = blocked
        self.currencyCode = currencyCode.trimmingCharacters(in: .whitespaces).uppercased()
    }
}
