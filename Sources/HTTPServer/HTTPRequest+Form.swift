extension HTTPRequest {
    /// The body decoded as `application/x-www-form-urlencoded` pairs (`+` means a space here), or `nil` when an
    /// escape is invalid.
    public var formItems: [(name: String, value: String)]? {
        PercentDecoding.decodeQuery(body[...], plusIsSpace: true)
    }
}
