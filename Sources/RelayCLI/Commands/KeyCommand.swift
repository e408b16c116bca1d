import RelayCore

/// `payment-relay key`: prints the Business Central token (`externalDocumentNumber`) for idempotency keys.
enum KeyCommand: RelayCommand {
    static let spec = CommandSpec(
        name: "key",
        abstract: "Print the BC token (externalDocumentNumber) for idempotency keys.",
        discussion: """
        The token is "PR-" followed by the first 160 bits of SHA-256 over the key's UTF-8 bytes in Crockford base32
        (35 characters of [A-Z0-9-]). With no argument, reads one key per line from standard input and prints
        "<token>\\t<key>" per line.
        """,
        positionals: [PositionalSpec(name: "key", help: "An idempotency key (as in the event's idempotencyKey or eventId).", isOptional: true, isVariadic: true)]
    )

    static func execute(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        if !arguments.positionals.isEmpty {
            for key in arguments.positionals { context.output.line(IdempotencyToken(idempotencyKey: key).value) }
            return 0
        }
        while let line = context.readLine() {
            guard !line.isEmpty else { continue }
            context.output.line(IdempotencyToken(idempotencyKey: line).value + "\t" + line)
        }
        return 0
    }
}
