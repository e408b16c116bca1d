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
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", y, m, d, Int(sod / 3600), Int(sod % 3600 / 60), Int(sod % 60), millis)
    }

    /// `YYYY-MM-DD` of `date` in UTC.
    public static func day(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        var days = seconds / 86_400
        if seconds % 86_400 < 0 { days -= 1 }
        let (y, m, d) = civilDate(daysSinceEpoch: days)
        return String(format: "%04d-%02d-%02d", y, m, d)
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
