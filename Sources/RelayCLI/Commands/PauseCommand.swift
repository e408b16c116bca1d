/// `payment-relay pause`: an operator pauses booking on running replicas (BC maintenance, journal posting).
enum PauseCommand: RelayCommand {
    static let spec = CommandSpec(
        name: "pause",
        abstract: "Pause booking on running replicas (POST /admin/pause).",
        discussion: """
        A paused replica pauses every partition it owns and sends no new request to Business Central; a create already
        on the wire runs to its answer. Its records' retry budgets do not run while they wait, it stays ready, and
        relay_operator_paused is 1. Undo with 'payment-relay resume'.
        """ + "\n\n" + AdminRequest.discussion,
        options: AdminRequest.options
    )

    static func execute(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        try await AdminRequest.post("admin/pause", arguments, context: context)
    }
}
