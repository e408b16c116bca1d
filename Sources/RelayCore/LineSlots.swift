/// The deterministic journal line numbers ("line slots") of an idempotency token. Pure.
///
/// Business Central keys a journal line by (template, batch, `lineNumber`) and refuses a second insert of a key that
/// exists, or that a concurrent insert still holds, with `Internal_EntityWithSameKeyExists`. Sending the token's slot
/// as `lineNumber` on every create therefore makes BC itself refuse a second line for one token while the first is
/// unposted — whoever sends it and whenever: a zombie owner, a create that waited in a queue, a retry racing a create
/// BC is still executing.
///
/// Slots lie in `[1,000,000,000, 2,000,000,000)`: above the numbers BC gives lines itself (`last + 10000` from 10000)
/// in any journal that has not yet seen a slot, and below `Int32.max` (2,147,483,647) with room for 14,748 more lines
/// numbered `last + 10000` after the highest slot. Two tokens share a first slot with probability about
/// `unposted lines / 10^9`; the relay then probes the next slots of a double-hashing sequence (``maxProbes`` in all).
public enum LineSlots {
    /// The lowest slot.
    public static let base = 1_000_000_000
    /// How many slots there are.
    public static let count = 1_000_000_000
    /// Slots tried per token before the relay falls back to a lookup-guarded create without a line number.
    public static let maxProbes = 4

    /// The line number of `token`'s slot number `probe` (0-based): `base + (h1 + probe × h2) mod count`, with `h1` and
    /// an odd `h2` taken from the token's digest bits.
    public static func lineNumber(for token: IdempotencyToken, probe: Int) -> Int {
        let (high, low) = token.digestBits
        let first = high % UInt64(count)
        let step = (low % UInt64(count - 1)) | 1
        let slot = (first + UInt64(probe) % UInt64(count) * step) % UInt64(count)
        return base + Int(slot)
    }

    /// Whether `lineNumber` lies in the slot range (a line the relay numbered).
    public static func isSlot(_ lineNumber: Int) -> Bool {
        lineNumber >= base && lineNumber < base + count
    }
}
