/// A 64-bit fingerprint of an `eventId` (FNV-1a over its UTF-8 bytes), kept in the ledger so that a redelivered event
/// gets the same answer it got before: `created` for the event whose processing created the line, `duplicate` for any
/// other event with the same key. Not a security boundary: a collision only changes which of two events with one key
/// is reported as the creator.
public struct EventFingerprint: Sendable, Hashable {
    /// The fingerprint bits.
    public let value: UInt64

    /// The fingerprint of `eventId`.
    public init(eventId: String) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in eventId.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        value = hash
    }

    /// Wraps stored bits.
    public init(value: UInt64) {
        self.value = value
    }

    /// The fingerprint of "no known creator" (a line found without an `event:` marker).
    public static let unknown = EventFingerprint(value: 0)

    /// The fingerprint in 15 bits, as the compact ledger keeps it: `1...32767` for an event, `0` for ``unknown``.
    /// Another event with the same key shares its creator's tag with probability `1/32767`; it is then reported
    /// `created` instead of `duplicate` (when its line cannot be read to tell) — a label only: nothing is booked or
    /// lost either way, and the creating event itself is always told `created`.
    public var tag: UInt16 {
        value == 0 ? 0 : UInt16(truncatingIfNeeded: value % 0x7FFF) + 1
    }
}
