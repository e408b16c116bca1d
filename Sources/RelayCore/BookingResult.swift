import Foundation

/// The four ways an input record can end.
public enum OutcomeStatus: String, Sendable, Equatable, CaseIterable {
    /// This processing booked the payment.
    case created
    /// The payment already existed (ledger `done`, or found by a lookup before this processing created anything).
    case duplicate
    /// Malformed, invalid, or refused by BC for its data: dead-lettered at once.
    case rejected
    /// Retries exhausted: dead-lettered.
    case failed
}

/// Why a record was not booked.
public struct BookingFailure: Sendable, Equatable, CustomStringConvertible {
    public var failureClass: FailureClass
    public var code: String?
    public var message: String
    public var httpStatus: Int?

    public init(failureClass: FailureClass, code: String?, message: String, httpStatus: Int? = nil) {
        self.failureClass = failureClass
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
    }

    public var description: String { "\(failureClass)\(code.map { " \($0)" } ?? ""): \(message)" }
}

/// The end of one booking.
public enum BookingResult: Sendable, Equatable {
    /// Booked; `paymentId` is `nil` only for a ledger `done` whose line could not be read (posted since, or BC
    /// unavailable): the payment exists either way.
    case booked(paymentId: UUID?, status: OutcomeStatus)
    case rejected(BookingFailure)
    case failed(BookingFailure)

    /// The outcome status this result publishes.
    public var status: OutcomeStatus {
        switch self {
        case let .booked(_, status): status
        case .rejected: .rejected
        case .failed: .failed
        }
    }
}
