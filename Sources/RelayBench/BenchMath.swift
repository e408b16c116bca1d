import Foundation
import RelayCLI

/// The pure arithmetic of the benchmark: percentiles, medians with their spread, steady-state rates, the sliding
/// window's minimum time, and the millisecond timestamps outcomes carry.
enum BenchMath {
    /// The `p`-th percentile (0...100) of `values` by nearest rank on the sorted values; `nil` when empty.
    static func percentile(_ values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let clamped = min(100, max(0, p))
        let rank = Int((clamped / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count - 1, max(0, rank - 1))]
    }

    /// The median: the middle value, or the mean of the two middle values; `nil` when empty.
    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// Events per second in the steady middle of a run: the completions between the 10th and the 90th
    /// percentile of their times, over the time between them. Start-up (group join) and the uneven tail (the
    /// last partitions finishing alone) are excluded. `nil` with fewer than 10 completions or no elapsed time.
    static func steadyRate(_ times: [Double], lowerFraction: Double = 0.1, upperFraction: Double = 0.9) -> Double? {
        guard times.count >= 10 else { return nil }
        let sorted = times.sorted()
        let lower = Int((Double(sorted.count - 1) * lowerFraction).rounded())
        let upper = Int((Double(sorted.count - 1) * upperFraction).rounded())
        let elapsed = sorted[upper] - sorted[lower]
        guard upper > lower, elapsed > 0 else { return nil }
        return Double(upper - lower) / elapsed
    }

    /// The least time `requests` requests can take under `limit` per sliding `window`: the first `limit` go at
    /// once, each later group of `limit` waits a full window, so `(ceil(requests / limit) − 1) · window`.
    static func minimumTime(requests: Int, limit: Int, window: Double) -> Double {
        guard requests > 0, limit > 0 else { return 0 }
        let windows = (requests + limit - 1) / limit
        return Double(windows - 1) * window
    }

    /// The longest gap between consecutive times in `times` that ends after `from` (seconds); 0 with fewer than 2.
    static func longestGap(_ times: [Double], after from: Double = -.infinity) -> Double {
        let sorted = times.sorted()
        var longest = 0.0
        for index in sorted.indices.dropFirst() where sorted[index] > from {
            longest = max(longest, sorted[index] - max(sorted[index - 1], from))
        }
        return longest
    }

    /// Parses an RFC 3339 UTC timestamp as the relay writes it (`2026-11-21T10:15:30.123Z`, fraction optional)
    /// into seconds since 1970; `nil` when malformed.
    static func parseTimestamp(_ text: some StringProtocol) -> Double? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes[4] == 45, bytes[7] == 45, bytes[10] == 84, bytes[13] == 58, bytes[16] == 58 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let digit = Int(bytes[index]) - 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
              let minute = number(14..<16), let second = number(17..<19), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var fraction = 0.0
        var index = 19
        if bytes[index] == 46 {
            index += 1
            var scale = 0.1
            while index < bytes.count, let digit = Optional(Int(bytes[index]) - 48), (0...9).contains(digit) {
                fraction += Double(digit) * scale
                scale /= 10
                index += 1
            }
        }
        guard index == bytes.count - 1, bytes[index] == 90 else { return nil }
        // Days from civil (Howard Hinnant's algorithm), so no Calendar or time zone is involved.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return Double(days * 86_400 + hour * 3600 + minute * 60 + second) + fraction
    }
}

/// One figure over several runs: the median with the min–max spread.
struct BenchFigure: Equatable {
    var median: Double
    var min: Double
    var max: Double
    var runs: Int

    /// `nil` when no run produced a value.
    init?(_ values: [Double]) {
        guard let median = BenchMath.median(values) else { return nil }
        self.median = median
        self.min = values.min()!
        self.max = values.max()!
        runs = values.count
    }

    /// `median (min–max)` with `decimals` digits; the spread is omitted for a single run.
    func formatted(decimals: Int = 0, unit: String = "") -> String {
        let suffix = unit.isEmpty ? "" : " " + unit
        let middle = BenchFormat.number(median, decimals: decimals) + suffix
        guard runs > 1 else { return middle }
        return "\(middle) (\(BenchFormat.number(min, decimals: decimals))–\(BenchFormat.number(max, decimals: decimals)))"
    }
}

enum BenchFormat {
    /// `value` with `decimals` digits after the point and thin grouping of thousands (`12,345.6`).
    static func number(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "—" }
        let text = String(format: "%.\(max(0, decimals))f", value)
        let parts = text.split(separator: ".", maxSplits: 1)
        var integer = String(parts[0])
        let negative = integer.hasPrefix("-")
        if negative { integer.removeFirst() }
        var grouped = ""
        for (index, character) in integer.reversed().enumerated() {
            if index > 0, index % 3 == 0 { grouped.append(",") }
            grouped.append(character)
        }
        var result = (negative ? "-" : "") + String(grouped.reversed())
        if parts.count == 2 { result += "." + parts[1] }
        return result
    }

    /// A ratio as a percentage, e.g. `0.953` → `95.3%`.
    static func percent(_ ratio: Double, decimals: Int = 1) -> String {
        number(ratio * 100, decimals: decimals) + "%"
    }
}
