import Foundation

/// The read-only master data: companies, customers and posted invoices, indexed for O(1) lookups.
struct Directory: Sendable {
    let companies: [SimCompany]
    /// Every customer in BC's order (by number, the primary key).
    let customers: [SimCustomer]
    private let companiesById: [UUID: SimCompany]
    private let customersById: [UUID: SimCustomer]
    private let customersByNumber: [String: SimCustomer]
    private let invoicesById: [UUID: SimPostedInvoice]
    private let invoicesByNumber: [String: SimPostedInvoice]

    init(configuration: SimulatorConfiguration) {
        companies = configuration.companies
        customers = configuration.customers.sorted { $0.number < $1.number }
        companiesById = Dictionary(configuration.companies.map { ($0.id, $0) }) { first, _ in first }
        customersById = Dictionary(configuration.customers.map { ($0.id, $0) }) { first, _ in first }
        customersByNumber = Dictionary(configuration.customers.map { ($0.number, $0) }) { first, _ in first }
        invoicesById = Dictionary(configuration.invoices.map { ($0.id, $0) }) { first, _ in first }
        invoicesByNumber = Dictionary(configuration.invoices.map { ($0.number, $0) }) { first, _ in first }
    }

    func company(_ id: UUID) -> SimCompany? { companiesById[id] }
    func customer(id: UUID) -> SimCustomer? { customersById[id] }
    func customer(number: String) -> SimCustomer? { customersByNumber[number] }
    func invoice(id: UUID) -> SimPostedInvoice? { invoicesById[id] }
    func invoice(number: String) -> SimPostedInvoice? { invoicesByNumber[number] }
}
