import Foundation

extension SimulatorConfiguration {
    /// Fixed ids of the demo seed, so demo scripts and tests can name them.
    public enum DemoIDs {
        public static let cronusCompany = UUID(uuidString: "6A4A1D39-3D2B-4E5F-9B1A-1C0D00000001")!
        public static let cronusUKCompany = UUID(uuidString: "6A4A1D39-3D2B-4E5F-9B1A-1C0D00000002")!
        public static let generalJournal = UUID(uuidString: "6A4A1D39-3D2B-4E5F-9B1A-2C0D00000001")!
    }

    /// A realistic seed: two companies (CRONUS USA in USD, CRONUS UK in GBP), a `GENERAL` journal in the first,
    /// customers C10000–C70000 (C50000 blocked for invoices, C60000 blocked for all, C70000 trading in EUR, the
    /// others in the local currency) and posted invoices 103001–103010.
    public static func demo() -> SimulatorConfiguration {
        let names = ["Adatum Corporation", "Trey Research", "School of Fine Art", "Alpine Ski House", "Relecloud",
                     "Coho Winery", "Fabrikam Europe"]
        // The foreign-currency customer is a new one at the end, so flows that book C10000–C60000 keep booking in
        // the local currency.
        let customers = names.enumerated().map { offset, name in
            SimCustomer(id: demoUUID(prefix: 3, offset), number: "C\(offset + 1)0000", name: name,
                        blocked: offset == 4 ? .invoice : offset == 5 ? .all : .none,
                        currencyCode: offset == 6 ? "EUR" : "")
        }
        let invoices = (1...10).map { index in
            SimPostedInvoice(id: demoUUID(prefix: 4, index), number: String(103_000 + index),
                             customerNumber: customers[index % 4].number)
        }
        return SimulatorConfiguration(
            tenant: "demo-tenant", environment: "production",
            companies: [
                SimCompany(id: DemoIDs.cronusCompany, name: "CRONUS USA, Inc."),
                SimCompany(id: DemoIDs.cronusUKCompany, name: "CRONUS UK Ltd.", currencyCode: "GBP"),
            ],
            journals: [SimJournal(id: DemoIDs.generalJournal, companyId: DemoIDs.cronusCompany, code: "GENERAL",
                                  displayName: "General cash receipts")],
            customers: customers, invoices: invoices)
    }

    private static func demoUUID(prefix: Int, _ index: Int) -> UUID {
        let tail = String(index)
        return UUID(uuidString: "6A4A1D39-3D2B-4E5F-9B1A-\(prefix)C0D" + String(repeating: "0", count: 8 - tail.count) + tail)!
    }
}
