
/// Maps Business Central errors to the relay's failure classes and retry behaviour. Pure.
public enum FailureClassifier {
    /// What the booking does about a Business Central error.
    public enum Handling: Sendable, Equatable {
        /// Reject the event at once.
        case reject
        /// Retry; `lookUpFirst` when the failed request may have been applied; `counted` unless it was a throttle.
        case retry(lookUpFirst: Bool, counted: Bool)
    }

    /// The class written to outcomes and dead letters.
    public static func failureClass(of error: ServiceFailure) -> FailureClass {
        switch error.kind {
        case .transient: .transient
        case .throttled: .throttled
        case .outcomeUnknown: .outcomeUnknown
        case .conflict: .conflict
        case .permanent: .permanent
        case .authentication: .authentication
        }
    }

    /// How a booking handles `error`.
    public static func handling(of error: ServiceFailure) -> Handling {
        switch error.kind {
        case .permanent: .reject
        case .throttled: .retry(lookUpFirst: false, counted: false)
        case .transient, .authentication: .retry(lookUpFirst: false, counted: true)
        case .outcomeUnknown, .conflict: .retry(lookUpFirst: true, counted: true)
        }
    }

    /// The failure recorded in outcomes and dead letters.
    public static func failure(from error: ServiceFailure) -> BookingFailure {
        BookingFailure(failureClass: failureClass(of: error), code: error.code, message: error.message, httpStatus: error.httpStatus)
    }
}
