/// The outcome of posting a journal: every line or none.
public enum SimPostingResult: Sendable, Equatable {
    /// All `count` unposted lines were posted and left the journal.
    case posted(count: Int)
    /// Nothing was posted; `message` is the first line's error, as BC reports it.
    case failed(message: String)
    /// No such journal in that company.
    case journalNotFound
}
