import Testing
@testable import RelayCLI

@Suite struct ArgumentsHelpTests {
    @Test func helpListsEveryOptionWithItsDefault() {
        let spec = ArgumentsFixtures.replay
        let help = ArgumentParser.help(for: spec, commandPath: "payment-relay replay")
        let lines = help.split(separator: "\n")
        for option in spec.options {
            let line = lines.first { $0.contains("--\(option.long) <\(option.valueName)>") }
            #expect(line != nil, "--\(option.long) is listed")
            if let defaultDescription = option.defaultDescription {
                #expect(line?.contains("(default: \(defaultDescription))") == true, "--\(option.long) shows its default")
            }
        }
        for flag in spec.flags { #expect(help.contains("--\(flag.long)")) }
        #expect(help.contains("-h, --help"))
        #expect(!help.contains("--version"), "only payment-relay's own commands answer --version")
        #expect(ArgumentParser.help(for: spec, listsVersion: true).contains("  --version"))
        #expect(help.contains(spec.discussion))
    }

    @Test func helpHasExactLayout() {
        let spec = CommandSpec(
            name: "key", abstract: "Prints the idempotency key of an event.",
            options: [OptionSpec(long: "format", short: "f", valueName: "format", help: "Output format.",
                                 defaultDescription: "text"),
                      OptionSpec(long: "header", valueName: "name=value", help: "A header.", isRepeatable: true)],
            flags: [FlagSpec(long: "quiet", short: "q", help: "Print only the key.")],
            positionals: [PositionalSpec(name: "event", help: "The event JSON file."),
                          PositionalSpec(name: "more", help: "More files.", isOptional: true, isVariadic: true)])
        #expect(ArgumentParser.help(for: spec) == """
            OVERVIEW: Prints the idempotency key of an event.

            USAGE: payment-relay key [<options>] <event> [<more> ...]

            ARGUMENTS:
              <event>                The event JSON file.
              <more> ...             More files.

            OPTIONS:
              -f, --format <format>  Output format. (default: text)
              --header <name=value>  A header. (repeatable)
              -q, --quiet            Print only the key.
              -h, --help             Show help information.

            """)
    }
}
