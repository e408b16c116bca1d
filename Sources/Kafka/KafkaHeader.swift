/// A record header: a key and an optional (possibly null) byte value.
public struct KafkaHeader: Hashable, Sendable {
    /// The header name; Kafka allows duplicates.
    public var key: String
    /// The raw value; `nil` is a null header value, distinct from an empty one.
    public var value: [UInt8]?

    /// Creates a header with raw bytes.
    public init(key: String, value: [UInt8]?) {
        self.key = key
        self.value = value
    }

    /// Creates a header whose value is the UTF-8 encoding of `string`.
    public init(key: String, string: String) {
        self.init(key: key, value: Array(string.utf8))
    }

    /// The value decoded as UTF-8; `nil` when the value is null or not valid UTF-8.
    public var stringValue: String? {
        guard let value else { return nil }
        return String(validating: value, as: UTF8.self)
    }
}
