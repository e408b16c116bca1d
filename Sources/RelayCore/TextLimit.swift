/// A length limit counted as Business Central counts it, in characters (Unicode scalars), and bounded in UTF-8 bytes.
///
/// Why not `String.count`: it counts grapheme clusters, so one letter followed by 260,000 combining accents is a
/// single "character" of 522 KB. Business Central's `Text[n]` and `Code[n]` count the characters of the string,
/// where every combining accent is one. The UTF-8 bound is checked first because it costs nothing, so an absurd
/// value is refused before anything walks it.
public struct TextLimit: Sendable, Hashable, CustomStringConvertible {
    /// The most characters (Unicode scalars) allowed.
    public let characters: Int
    /// The most UTF-8 bytes allowed; at least `characters`.
    public let utf8Bytes: Int

    /// Creates a limit of `characters` scalars and `utf8Bytes` bytes (by default 4 × `characters`, the most that
    /// many scalars can take, so only the character count decides).
    public init(characters: Int, utf8Bytes: Int? = nil) {
        precondition(characters > 0, "a text limit must allow at least one character")
        self.characters = characters
        self.utf8Bytes = max(utf8Bytes ?? 4 * characters, characters)
    }

    /// `Text[100]`-style: "100 characters" or "100 characters, 200 bytes of UTF-8".
    public var description: String {
        utf8Bytes == 4 * characters ? "\(characters) characters" : "\(characters) characters, \(utf8Bytes) bytes of UTF-8"
    }

    /// Why `value` does not fit, completing "<field> ..." (`is 129 characters; the limit is 128`), or `nil` if it fits.
    public func violation(_ value: String) -> String? {
        let bytes = value.utf8.count
        if bytes > utf8Bytes {
            return "is \(bytes) bytes of UTF-8; the limit is \(characters) characters (\(utf8Bytes) bytes)"
        }
        // Only values of at most `utf8Bytes` bytes get here, so counting is bounded too.
        let count = value.unicodeScalars.count
        if count > characters { return "is \(count) characters; the limit is \(characters)" }
        return nil
    }

    /// Whether `value` fits.
    public func fits(_ value: String) -> Bool { violation(value) == nil }

    /// `value` shortened to fit, cut between scalars; `ellipsis` (counted in) marks a cut.
    public func truncating(_ value: String, ellipsis: String = "…") -> String {
        if fits(value) { return value }
        let mark = ellipsis.unicodeScalars
        let markCount = mark.count, markBytes = ellipsis.utf8.count
        var kept = String.UnicodeScalarView()
        var count = 0, bytes = 0
        for scalar in value.unicodeScalars {
            let size = UTF8.width(scalar)
            guard count + 1 + markCount <= characters, bytes + size + markBytes <= utf8Bytes else { break }
            kept.append(scalar)
            count += 1
            bytes += size
        }
        kept.append(contentsOf: mark)
        return String(kept)
    }

    /// At most `scalars` Unicode scalars of `value`, with `…` when cut: for quoting input in messages and logs
    /// without letting the input decide their size.
    public static func excerpt(_ value: String, scalars: Int = 64) -> String {
        let view = value.unicodeScalars
        guard !view.dropFirst(scalars).isEmpty else { return value }
        return String(String.UnicodeScalarView(view.prefix(scalars))) + "…"
    }
}
