/// The decoded path and query of a request-target (origin-form, absolute-form or `*`).
struct RequestTarget {
    var path: String
    var queryItems: [(name: String, value: String)]

    init?(_ target: String) {
        var bytes = Array(target.utf8)[...]
        // Absolute-form (`http://host/path`) is what proxies send; keep only the path and query.
        if let schemeEnd = Self.schemeEnd(bytes) {
            let rest = bytes[schemeEnd...]
            if let slash = rest.firstIndex(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") }) {
                bytes = rest[slash...]
            } else {
                bytes = Array("/".utf8)[...]
            }
        }
        let question = bytes.firstIndex(of: UInt8(ascii: "?"))
        let rawPath = bytes[..<(question ?? bytes.endIndex)]
        guard let decodedPath = PercentDecoding.decode(rawPath, plusIsSpace: false) else { return nil }
        path = decodedPath.isEmpty ? "/" : decodedPath
        if let question {
            guard let items = PercentDecoding.decodeQuery(bytes[(question + 1)...], plusIsSpace: false) else { return nil }
            queryItems = items
        } else {
            queryItems = []
        }
    }

    private static func schemeEnd(_ bytes: ArraySlice<UInt8>) -> Int? {
        for scheme in ["http://", "https://"] {
            let prefix = Array(scheme.utf8)
            if bytes.count >= prefix.count,
               zip(bytes.prefix(prefix.count), prefix).allSatisfy({ ($0 | 0x20) == $1 || $0 == $1 }) {
                return bytes.startIndex + prefix.count
            }
        }
        return nil
    }
}
