import Foundation

/// RFC 3339 timestamps in UTC with millisecond precision, formatted without `DateFormatter` (thread-safe, fast).
public enum TimestampFormat {
    /// `2026-11-21T10:15:30.123Z`.
    public static func rfc3339(_ date: Date) -> String {
        let millisTotal = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let millis = Int(((millisTotal % 1000) + 1000) % 1000)
        let seconds = (millisTotal - Int64(millis)) / 1000
        let (days, secondOfDay) = seconds.quotientAndRemainder(dividingBy: 86_400)
        let adjustedDays = secondOfDay < 0 ? days - 1 : days
        let sod = secondOfDay < 0 ? secondOfDay + 86_400 : secondOfDay
        let (y, m, d) = civilDate(daysSinceEpoch: adjustedDays)
        // Digits by hand: `String(format:)` goes through NSString and was a few percent of the relay's CPU (every
        // outcome and log line carries a timestamp).
        var text = [UInt8]()
        text.reserveCapacity(24)
        appendDate(y, m, d, to: &text)
        text.append(UInt8(ascii: "T"))
        appendDigits(Int(sod / 3600), count: 2, to: &text)
        text.append(UInt8(ascii: ":"))
        appendDigits(Int(sod % 3600 / 60), count: 2, to: &text)
        text.append(UInt8(ascii: ":"))
        appendDigits(Int(sod % 60), count: 2, to: &text)
        text.append(UInt8(ascii: "."))
        appendDigits(millis, count: 3, to: &text)
        text.append(UInt8(ascii: "Z"))
        return String(decoding: text, as: UTF8.self)
    }

    /// `YYYY-MM-DD` of `date` in UTC.
    public static func day(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        var days = seconds / 86_400
        if seconds % 86_400 < 0 { days -= 1 }
        let (y, m, d) = civilDate(daysSinceEpoch: days)
        var text = [UInt8]()
        text.reserveCapacity(10)
        appendDate(y, m, d, to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// `YYYY-MM-DD` (a year beyond 9999 keeps all its digits; a negative one gets a minus sign, as `%04d` did).
    private static func appendDate(_ y: Int, _ m: Int, _ d: Int, to text: inout [UInt8]) {
        if y < 0 { text.append(UInt8(ascii: "-")) }
        appendDigits(abs(y), count: 4, to: &text)
        text.append(UInt8(ascii: "-"))
        appendDigits(m, count: 2, to: &text)
        text.append(UInt8(ascii: "-"))
        appendDigits(d, count: 2, to: &text)
    }

    /// `value` (≥ 0) in decimal, zero-padded to at least `count` digits.
    private static func appendDigits(_ value: Int, count: Int, to text: inout [UInt8]) {
        var digits = 1, scale = 1
        while digits < count || value / scale >= 10 {
            digits += 1
            scale *= 10
        }
        var rest = value
        while scale > 0 {
            text.append(UInt8(ascii: "0") + UInt8(rest / scale))
            rest %= scale
            scale /= 10
        }
    }

    /// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian).
    static func civilDate(daysSinceEpoch: Int64) -> (Int, Int, Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(m <= 2 ? y + 1 : y), Int(m), Int(d))
    }
}
