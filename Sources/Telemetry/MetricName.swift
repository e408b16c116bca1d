/// Validation of metric and label names against the Prometheus data model.
public enum MetricName {
    /// Whether `name` matches `[a-zA-Z_:][a-zA-Z0-9_:]*`.
    public static func isValidMetricName(_ name: String) -> Bool {
        isValid(name, allowColon: true)
    }

    /// Whether `name` matches `[a-zA-Z_][a-zA-Z0-9_]*` and does not use the reserved `__` prefix.
    public static func isValidLabelName(_ name: String) -> Bool {
        isValid(name, allowColon: false) && !name.hasPrefix("__")
    }

    /// Stops the program when a family is declared with invalid or duplicate names.
    static func checkFamily(_ name: String, labelNames: [String], reserved: [String] = []) {
        precondition(isValidMetricName(name), "invalid metric name '\(name)'")
        for label in labelNames {
            precondition(isValidLabelName(label), "invalid label name '\(label)' for metric '\(name)'")
            precondition(!reserved.contains(label), "label name '\(label)' is reserved for metric '\(name)'")
        }
        precondition(Set(labelNames).count == labelNames.count, "duplicate label names \(labelNames) for metric '\(name)'")
    }

    private static func isValid(_ name: String, allowColon: Bool) -> Bool {
        guard let first = name.utf8.first else { return false }
        func isLetter(_ byte: UInt8) -> Bool {
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == 0x5F || (allowColon && byte == 0x3A)
        }
        guard isLetter(first) else { return false }
        return name.utf8.allSatisfy { isLetter($0) || ($0 >= 0x30 && $0 <= 0x39) }
    }
}
