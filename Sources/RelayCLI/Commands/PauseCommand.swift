/// `payment-relay pause`: an operator pauses booking on running replicas (BC maintenance, journal posting).
enum PauseCommand: RelayCommand {
    static let spec = CommandSpec(
        name: "pause",
        abstract: "Pause booking on running replicas (POST /admin/pause).",
        discussion: """
        A paused replica pauses every partition it owns and starts no new booking: a booking that has not yet written
        'attempting' to the ledger waits before its next Business Central request (its retry budget does not run
        meanwhile), while one that has (its create may have been sent) runs to its answer. It stays ready, and
        relay_operator_paused is 1. Undo with 'payment-relay resume'.
        """ + "\n\n" + AdminRequest.discussion,
        options: AdminRequest.options
    )

    static func execute(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        try await AdminRequest.post("admin/pause", arguments, context: context)
    }
}
