import BusinessCentral
import Clocks
import Foundation
import Synchronization

/// The currency a customer's journal lines are booked in, cached for a bounded time: the customer card's
/// `currencyCode`, or — when blank — the company's local currency (`BC_COMPANY_CURRENCY` when set, else
/// `companyInformation.currencyCode`).
///
/// Why it matters: BC takes a payment line's currency from the customer card (table 81, `GetCustomerAccount()`), not
/// from the request, so an amount sent for an EUR customer is booked in EUR whatever the event said.
final class CurrencyBook: Sendable {
    private struct Entry {
        var currency: String?
        var expires: Duration
    }

    private let api: any CustomerPaymentsAPI
    private let companyOverride: String?
    private let lifetime: Duration
    private let capacity: Int
    private let clock: any ServiceClock
    private let customers = Mutex<[String: Entry]>([:])
    private let companies = Mutex<[UUID: Entry]>([:])
    private let customerReads = SingleFlight<String, String?>()

    /// - Parameters:
    ///   - companyOverride: `BC_COMPANY_CURRENCY`, used instead of `companyInformation` when set.
    ///   - lifetime: how long a currency is trusted before it is read again (a customer card can change).
    ///   - capacity: customers kept at most (the cache is emptied when it would grow past it).
    ///   - clock: the monotonic time entries expire in.
    init(api: any CustomerPaymentsAPI, companyOverride: String?, lifetime: Duration = .seconds(600), capacity: Int = 50_000,
         clock: any ServiceClock = SystemClock()) {
        self.api = api
        self.companyOverride = companyOverride?.uppercased()
        self.lifetime = lifetime
        self.capacity = capacity
        self.clock = clock
    }

    /// A currency and where it came from.
    struct Answer: Sendable, Equatable {
        /// The currency the customer's lines are booked in, or `nil` when BC knows no such customer.
        var currency: String?
        /// Whether Business Central was read (not only the cache) by this call — not by one it shared: the circuit
        /// breaker learns only from real answers, each once.
        var askedBusinessCentral: Bool
    }

    /// The currency the lines of this customer are booked in, or `nil` when BC knows no such customer.
    ///
    /// - Throws: ``BusinessCentralError`` from the reads.
    func currency(customerNumber: String?, customerId: UUID?, companyId: UUID) async throws -> Answer {
        let key = "\(companyId.uuidString)|\(customerId?.uuidString ?? "")|\(customerNumber ?? "")"
        let now = clock.uptime()
        let customerCurrency: String?
        var asked = false
        if let cached = customers.withLock({ $0[key] }), cached.expires > now {
            customerCurrency = cached.currency
        } else {
            // One read per customer at a time: the bookings that miss together share it.
            let (currency, madeTheCall) = try await customerReads.value(for: key) {
                let currency = try await api.customerCurrency(number: customerNumber, id: customerId, companyId: companyId)
                customers.withLock { entries in
                    if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
                    entries[key] = Entry(currency: currency, expires: now + lifetime)
                }
                return currency
            }
            customerCurrency = currency
            asked = madeTheCall
        }
        guard let customerCurrency else { return Answer(currency: nil, askedBusinessCentral: asked) }
        if !customerCurrency.isEmpty { return Answer(currency: customerCurrency, askedBusinessCentral: asked) }
        let company = try await companyCurrency(companyId, now: now)
        return Answer(currency: company.currency, askedBusinessCentral: asked || company.asked)
    }

    private func companyCurrency(_ companyId: UUID, now: Duration) async throws -> (currency: String, asked: Bool) {
        if let companyOverride { return (companyOverride, false) }
        if let cached = companies.withLock({ $0[companyId] }), cached.expires > now, let currency = cached.currency { return (currency, false) }
        let currency = try await api.companyCurrency(companyId: companyId)
        companies.withLock { $0[companyId] = Entry(currency: currency, expires: now + lifetime) }
        return (currency, true)
    }
}
