/// The deterministic token stored in Business Central's `externalDocumentNumber` (Code[35]) for an idempotency key.
///
/// Derivation (version 1): `"PR-"` followed by the first 160 bits of SHA-256 over the key's UTF-8 bytes, written in
/// Crockford base32 (`0-9A-Z` without `I L O U`), 32 characters: 35 characters of `[A-Z0-9-]` in all, unchanged by
/// BC's upper-casing and trimming. 160 bits keeps accidental collisions negligible (birthday bound ~2^80).
/// `payment-relay key <idempotency key>` prints it.
public struct IdempotencyToken: Sendable, Hashable, CustomStringConvertible {
    /// The token text, e.g. `PR-9Q1M...` (35 characters).
    public let value: String

    /// The prefix that marks relay-booked lines.
    public static let prefix = "PR-"
    /// The token's length: prefix plus 32 base32 characters.
    public static let length = 35

    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    /// Derives the token for an idempotency key.
    public init(idempotencyKey: String) {
        let digest = SHA256.digest(Array(idempotencyKey.utf8))
        var out = Array(Self.prefix.utf8)
        out.reserveCapacity(Self.length)
        // 20 bytes = 160 bits = 32 groups of 5 bits.
        var buffer: UInt64 = 0
        var bits = 0
        for byte in digest.prefix(20) {
            buffer = buffer << 8 | UInt64(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                out.append(Self.alphabet[Int((buffer >> UInt64(bits)) & 0x1F)])
            }
        }
        value = String(decoding: out, as: UTF8.self)
    }

    /// Wraps an existing token (e.g. read back from the ledger); `nil` unless it has the version-1 shape.
    public init?(rawValue: String) {
        guard rawValue.utf8.count == Self.length, rawValue.hasPrefix(Self.prefix),
              rawValue.utf8.dropFirst(3).allSatisfy({ Self.alphabet.contains($0) }) else { return nil }
        value = rawValue
    }

    public var description: String { value }

    /// A deterministic document number for the token's line (Code[20]: `PR` and the first 18 base32 digits, 90 bits),
    /// for the opt-in mode in which posted lines are found by their `documentNumber` in `generalLedgerEntries`.
    public var documentNumber: String {
        "PR" + value.dropFirst(Self.prefix.count).prefix(18)
    }

    /// 120 of the token's digest bits as two numbers (60 bits each, from its first 24 base32 digits); for
    /// deriving other deterministic values such as the token's ``LineSlots``.
    public var digestBits: (high: UInt64, low: UInt64) {
        var high: UInt64 = 0, low: UInt64 = 0
        for (index, byte) in value.utf8.dropFirst(Self.prefix.utf8.count).prefix(24).enumerated() {
            let digit = UInt64(Self.alphabet.firstIndex(of: byte) ?? 0)
            if index < 12 { high = high << 5 | digit } else { low = low << 5 | digit }
        }
        return (high, low)
    }
}
