import BusinessCentral
import Foundation
import RelayCore

/// The `payment-relay` entry point: picks the sub-command, parses its arguments, runs it, maps errors to exit codes
/// (2 for usage errors, 1 for configuration and runtime failures).
public enum CommandLineTool {
    /// Every sub-command, in help order.
    public static let commands: [any RelayCommand.Type] = [
        DemoCommand.self, RunCommand.self, ReplayCommand.self, CheckCommand.self, ReconcileCommand.self, PauseCommand.self, ResumeCommand.self,
        KeyCommand.self,
        SimulateBCCommand.self, MockKafkaCommand.self,
    ]

    /// Runs `arguments` (without the program name) and returns the exit code.
    public static func main(_ arguments: [String], context: CommandContext) async -> Int32 {
        guard let name = arguments.first, !name.hasPrefix("-") || ["--help", "-h", "--version"].contains(name) else {
            context.output.writeError(overview())
            return 2
        }
        if name == "--help" || name == "-h" || name == "help" {
            context.output.write(overview())
            return 0
        }
        if name == "--version" {
            context.output.line(RelayVersion.text)
            return 0
        }
        guard let command = commands.first(where: { $0.spec.name == name }) else {
            context.output.errorLine("payment-relay: unknown command '\(name)'. Run 'payment-relay --help' for the list.")
            return 2
        }
        let beforeTerminator = arguments.dropFirst().prefix { $0 != "--" }
        if beforeTerminator.contains("--version"), !beforeTerminator.contains("--help"), !beforeTerminator.contains("-h") {
            // Answered before parsing, like --help: whatever else the line says, nothing runs.
            context.output.line(RelayVersion.text)
            return 0
        }
        do {
            let parsed = try ArgumentParser.parse(Array(arguments.dropFirst()), spec: command.spec)
            if parsed.isHelpRequested {
                context.output.write(ArgumentParser.help(for: command.spec, listsVersion: true))
                return 0
            }
            return try await command.execute(parsed, context: context)
        } catch let error as UsageError {
            context.output.errorLine("payment-relay \(name): \(error.message)")
            context.output.errorLine("Run 'payment-relay \(name) --help' for usage.")
            return error.exitCode
        } catch let error as ConfigurationError {
            context.output.errorLine("payment-relay \(name): \(error)")
            return 1
        } catch {
            context.output.errorLine("payment-relay \(name): \(error)")
            return 1
        }
    }

    /// The top-level help.
    public static func overview() -> String {
        var text = "payment-relay: books Kafka payment events exactly once as Business Central customer payments.\n\n"
        text += "Usage: payment-relay <command> [options]\n\nCommands:\n"
        for command in commands {
            text += "  " + command.spec.name.padding(toLength: 13, withPad: " ", startingAt: 0) + command.spec.abstract + "\n"
        }
        text += "\nRun 'payment-relay <command> --help' for a command's options; '--version' prints the version.\n"
        return text
    }
}
