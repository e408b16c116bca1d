/// What the recovery scenario's outcomes say about double bookings (pure, see `RecoveryTallyTests`).
///
/// A record redelivered after a kill gets a second outcome. For the same event that outcome repeats the first one:
/// the ledger (or the line's comment) names this event as the creator, so the status is `created` again with the same
/// payment id — outcomes are at-least-once, keyed by the event. A payment booked twice shows instead as a token with
/// two lines in Business Central, or as one event whose outcomes name two different payments.
struct RecoveryTally: Equatable {
    /// Events with more than one outcome.
    var redelivered = 0
    /// Of those, the events whose outcomes all agree (one status, one payment id).
    var repeatedSame = 0
    /// Tokens with more than one line plus events whose outcomes name more than one payment.
    var bookedTwice = 0

    init(outcomes: [ObservedOutcome], linesPerToken: [String: Int]) {
        for group in Dictionary(grouping: outcomes, by: \.eventId).values where group.count > 1 {
            redelivered += 1
            let payments = Set(group.compactMap(\.customerPaymentId))
            if Set(group.map(\.status)).count == 1, Set(group.map(\.customerPaymentId)).count == 1 { repeatedSame += 1 }
            if payments.count > 1 { bookedTwice += 1 }
        }
        bookedTwice += linesPerToken.values.filter { $0 > 1 }.count
    }

    init(redelivered: Int, repeatedSame: Int, bookedTwice: Int) {
        self.redelivered = redelivered
        self.repeatedSame = repeatedSame
        self.bookedTwice = bookedTwice
    }
}
