/// `payment-relay resume`: undoes `pause` on running replicas.
enum ResumeCommand: RelayCommand {
    static let spec = CommandSpec(
        name: "resume",
        abstract: "Resume booking paused by 'pause' (POST /admin/resume).",
        discussion: """
        Lifts the operator's pause; partitions resume unless something else holds them (Business Central unavailable:
        the circuit breaker resumes them once BC answers).
        """ + "\n\n" + AdminRequest.discussion,
        options: AdminRequest.options
    )

    static func execute(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        try await AdminRequest.post("admin/resume", arguments, context: context)
    }
}
