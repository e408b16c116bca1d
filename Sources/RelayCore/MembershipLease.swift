/// The relay's own view of whether this process still belongs to the consumer group, as a lease. Pure: time is
/// passed in (a monotonic `Duration` since any fixed origin).
///
/// Ownership of a partition ends at the coordinator, at the latest `session.timeout.ms` after the last heartbeat it
/// received — possibly before librdkafka tells this process (a frozen process learns nothing until it runs again, and
/// then its booking tasks may run before its poll thread). The poll loop confirms the lease on every iteration; a
/// create may be sent only while the last confirmation is younger than ``validity`` (the session timeout less one
/// heartbeat interval and a margin). A gap between two poll iterations longer than ``maxTickGap`` means the process
/// (or its poll thread) stood still: confirmations resume only after ``probation``, time enough for librdkafka to
/// report a lost assignment if the coordinator has moved on.
public struct MembershipLease: Sendable, Equatable {
    /// How long a confirmation lets creates be sent.
    public let validity: Duration
    /// The longest gap between poll iterations that still counts as continuous.
    public let maxTickGap: Duration
    /// How long confirmations stay suspended after a gap.
    public let probation: Duration
    private var lastTick: Duration?
    private var confirmedAt: Duration?
    private var probationEnds: Duration?

    /// - Parameters:
    ///   - sessionTimeout: the consumer's `session.timeout.ms`.
    ///   - heartbeatInterval: the consumer's `heartbeat.interval.ms`.
    public init(sessionTimeout: Duration, heartbeatInterval: Duration) {
        let margin = Duration.seconds(1)
        validity = max(sessionTimeout - heartbeatInterval - margin, sessionTimeout / 4)
        maxTickGap = validity / 2
        probation = heartbeatInterval * 2 + margin
    }

    /// The poll loop completed an iteration at `now`.
    public mutating func tick(at now: Duration) {
        defer { lastTick = now }
        if let lastTick, now - lastTick > maxTickGap {
            probationEnds = now + probation
            return
        }
        if let ends = probationEnds {
            guard now >= ends else { return }
            probationEnds = nil
        }
        confirmedAt = now
    }

    /// `nil` when a create may be sent at `now`; otherwise why not.
    public func refusal(at now: Duration) -> String? {
        guard let confirmedAt else { return "group membership not confirmed" }
        let age = now - confirmedAt
        guard age < validity else { return "group membership last confirmed \(age) ago (lease \(validity))" }
        return nil
    }
}
