/// Percent-decoding of URL components and form bodies.
enum PercentDecoding {
    /// Decodes `%XX` escapes (and `+` when `plusIsSpace`); `nil` on a malformed escape or invalid UTF-8.
    static func decode(_ bytes: ArraySlice<UInt8>, plusIsSpace: Bool) -> String? {
        guard bytes.contains(UInt8(ascii: "%")) || (plusIsSpace && bytes.contains(UInt8(ascii: "+"))) else {
            return String(validating: bytes, as: UTF8.self)
        }
        var output = [UInt8]()
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.endIndex,
                      let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) else { return nil }
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(plusIsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
                index += 1
            }
        }
        return String(validating: output, as: UTF8.self)
    }

    /// Splits `a=1&b=2` into decoded pairs; a name without `=` gets an empty value; empty segments are skipped.
    static func decodeQuery(_ bytes: ArraySlice<UInt8>, plusIsSpace: Bool) -> [(name: String, value: String)]? {
        var items: [(name: String, value: String)] = []
        for segment in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let equals = segment.firstIndex(of: UInt8(ascii: "="))
            guard let name = decode(segment[..<(equals ?? segment.endIndex)], plusIsSpace: plusIsSpace) else { return nil }
            let value: String
            if let equals {
                guard let decoded = decode(segment[(equals + 1)...], plusIsSpace: plusIsSpace) else { return nil }
                value = decoded
            } else {
                value = ""
            }
            items.append((name: name, value: value))
        }
        return items
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
