/// Parses durations as operators write them in flags and environment variables.
public enum DurationText {
    /// Parses `500ms`, `30s`, `5m`, `1h`, `35d` or a plain number of seconds, exactly to the nanosecond; `nil` when
    /// malformed or out of range.
    public static func parse(_ text: String) -> Duration? {
        let number = text.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        let nanosecondsPerUnit: Int64
        switch text.dropFirst(number.count) {
        case "ms": nanosecondsPerUnit = 1_000_000
        case "s", "": nanosecondsPerUnit = 1_000_000_000
        case "m": nanosecondsPerUnit = 60_000_000_000
        case "h": nanosecondsPerUnit = 3_600_000_000_000
        case "d": nanosecondsPerUnit = 86_400_000_000_000
        default: return nil
        }
        let parts = number.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.allSatisfy({ !$0.isEmpty }), let whole = Int64(parts[0]) else { return nil }
        let (wholeNanoseconds, overflow) = whole.multipliedReportingOverflow(by: nanosecondsPerUnit)
        guard !overflow else { return nil }
        var fractionNanoseconds: Int64 = 0
        if parts.count == 2 {
            // Integer arithmetic keeps "0.1s" exactly 100 ms; digits below a nanosecond are dropped.
            let digits = parts[1].prefix(18)
            guard let fraction = Int64(digits) else { return nil }
            let scale = (0..<digits.count).reduce(Int64(1)) { product, _ in product * 10 }
            // fraction / scale < 1, so the quotient is below one unit and cannot overflow.
            fractionNanoseconds = scale.dividingFullWidth(fraction.multipliedFullWidth(by: nanosecondsPerUnit)).quotient
        }
        let (total, overflowTotal) = wholeNanoseconds.addingReportingOverflow(fractionNanoseconds)
        return overflowTotal ? nil : .nanoseconds(total)
    }

    /// The shortest exact spelling ``parse(_:)`` reads back: `35d`, `12h`, `5m`, `30s`, `500ms`, else nanoseconds as
    /// seconds with a fraction (`0.000000001`).
    public static func format(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let nanoseconds = attoseconds / 1_000_000_000
        if nanoseconds == 0 {
            for (unit, size) in [("d", Int64(86_400)), ("h", 3_600), ("m", 60)] where seconds != 0 && seconds % size == 0 {
                return "\(seconds / size)\(unit)"
            }
            return "\(seconds)s"
        }
        if nanoseconds % 1_000_000 == 0 { return "\(seconds * 1000 + nanoseconds / 1_000_000)ms" }
        let fraction = String(nanoseconds + 1_000_000_000).dropFirst()
        return "\(seconds).\(fraction)"
    }
}
