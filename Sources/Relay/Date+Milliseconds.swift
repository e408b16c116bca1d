import Foundation

extension Date {
    /// Milliseconds since 1970, as the ledger stores times.
    var millisecondsSince1970: Int64 { Int64((timeIntervalSince1970 * 1000).rounded(.down)) }
}
