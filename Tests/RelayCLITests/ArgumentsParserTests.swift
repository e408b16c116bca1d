import Testing
@testable import RelayCLI

@Suite struct ArgumentsParserTests {
    struct Good: Sendable, CustomStringConvertible {
        var arguments: [String]
        var flags: Set<String> = []
        var options: [String: [String]] = [:]
        var positionals: [String]
        var description: String { arguments.joined(separator: " ") }
    }

    @Test(arguments: [
        Good(arguments: ["payments"], positionals: ["payments"]),
        Good(arguments: ["--limit", "10", "payments"], options: ["limit": ["10"]], positionals: ["payments"]),
        Good(arguments: ["payments", "--limit=10"], options: ["limit": ["10"]], positionals: ["payments"]),
        Good(arguments: ["-l", "10", "payments"], options: ["limit": ["10"]], positionals: ["payments"]),
        Good(arguments: ["--limit=", "t"], options: ["limit": [""]], positionals: ["t"]),
        Good(arguments: ["--offsets=a=b", "t"], options: ["offsets": ["a=b"]], positionals: ["t"]),
        Good(arguments: ["--offsets", "-200", "t"], options: ["offsets": ["-200"]], positionals: ["t"]),
        Good(arguments: ["-n", "--verbose", "t"], flags: ["dry-run", "verbose"], positionals: ["t"]),
        Good(arguments: ["--dry-run", "--dry-run", "t"], flags: ["dry-run"], positionals: ["t"]),
        Good(arguments: ["-p", "0", "--partition", "3", "--partition=1", "t"], options: ["partition": ["0", "3", "1"]],
             positionals: ["t"]),
        Good(arguments: ["t", "a.json", "-", "b.json"], positionals: ["t", "a.json", "-", "b.json"]),
        Good(arguments: ["t", "--", "--limit", "-h"], positionals: ["t", "--limit", "-h"]),
        Good(arguments: ["--", "-n"], positionals: ["-n"]),
        Good(arguments: ["-5"], positionals: ["-5"]),
    ])
    func acceptsWellFormedLines(_ good: Good) throws {
        let parsed = try ArgumentParser.parse(good.arguments, spec: ArgumentsFixtures.replay)
        #expect(!parsed.isHelpRequested)
        #expect(parsed.positionals == good.positionals)
        for flag in ArgumentsFixtures.replay.flags {
            #expect(parsed.flag(flag.long) == good.flags.contains(flag.long), "--\(flag.long)")
        }
        for option in ArgumentsFixtures.replay.options {
            #expect(parsed.options(option.long) == good.options[option.long] ?? [], "--\(option.long)")
            #expect(parsed.option(option.long) == good.options[option.long]?.last, "--\(option.long)")
        }
    }

    @Test(arguments: [
        (["--foo", "t"], "unknown option '--foo' for 'payment-relay replay'"),
        (["--foo=1", "t"], "unknown option '--foo' for 'payment-relay replay'"),
        (["-x", "t"], "unknown option '-x' for 'payment-relay replay'"),
        (["-nl", "t"], "unknown option '-nl' for 'payment-relay replay'"),
        (["t", "--limit"], "missing value for option '--limit'"),
        (["--limit", "--dry-run", "t"], "missing value for option '--limit'"),
        (["t", "-l"], "missing value for option '-l'"),
        (["--limit", "1", "--limit=2", "t"], "option '--limit' may be given only once"),
        (["--verbose=yes", "t"], "flag '--verbose' does not take a value"),
        ([], "missing argument '<topic>'"),
        (["--dry-run"], "missing argument '<topic>'"),
    ])
    func rejectsMalformedLinesWithExactMessages(arguments: [String], message: String) {
        #expect(throws: UsageError(message)) { try ArgumentParser.parse(arguments, spec: ArgumentsFixtures.replay) }
    }

    @Test func extraPositionalIsUnexpected() {
        let spec = CommandSpec(name: "key", abstract: "Prints a key.",
                               positionals: [PositionalSpec(name: "event", help: "Event file.")])
        #expect(throws: UsageError("unexpected argument 'x'")) { try ArgumentParser.parse(["a", "x"], spec: spec) }
        #expect(throws: UsageError("unknown option '--limit' for 'relay key'")) {
            try ArgumentParser.parse(["--limit"], spec: spec, commandPath: "relay key")
        }
    }

    @Test(arguments: [["-h"], ["--help"], ["t", "--limit", "1", "--help"], ["--foo", "-h"], ["--limit", "-h"]])
    func helpIsReportedEvenWhenTheRestIsWrong(arguments: [String]) throws {
        #expect(try ArgumentParser.parse(arguments, spec: ArgumentsFixtures.replay).isHelpRequested)
    }

    @Test func usageErrorsExitWithTwo() {
        let error = UsageError("unexpected argument 'x'")
        #expect(error.exitCode == 2)
        #expect(error.description == "unexpected argument 'x'")
    }

    @Test func inconsistentSpecsStop() async {
        await #expect(processExitsWith: .failure) {
            let spec = CommandSpec(name: "bad", abstract: "", flags: [FlagSpec(long: "help", help: "")])
            _ = try? ArgumentParser.parse([], spec: spec)
        }
        await #expect(processExitsWith: .failure) {
            _ = try? ArgumentParser.parse(["t"], spec: ArgumentsFixtures.replay).flag("dry-runn")
        }
    }
}


/// A `replay`-like command used by the argument parser tests.
enum ArgumentsFixtures {
    static let replay = CommandSpec(
        name: "replay",
        abstract: "Replays records from a topic to Business Central.",
        discussion: "Records already posted are skipped by their idempotency key.",
        options: [
            OptionSpec(long: "limit", short: "l", valueName: "count", help: "Stop after this many records.",
                       defaultDescription: "no limit"),
            OptionSpec(long: "offsets", valueName: "range", help: "Only offsets in this range.",
                       defaultDescription: "0-"),
            OptionSpec(long: "partition", short: "p", valueName: "number", help: "Only this partition.",
                       isRepeatable: true),
            OptionSpec(long: "timeout", valueName: "duration", help: "Give up after this long.", defaultDescription: "30s"),
            OptionSpec(long: "since", valueName: "date-time", help: "Only records after this time."),
        ],
        flags: [
            FlagSpec(long: "dry-run", short: "n", help: "Show what would be posted."),
            FlagSpec(long: "verbose", help: "Log every record."),
        ],
        positionals: [
            PositionalSpec(name: "topic", help: "The topic to read."),
            PositionalSpec(name: "files", help: "Extra record files.", isOptional: true, isVariadic: true),
        ])
}
