import Foundation
import RelayCLI

// Command parsing and dispatch live in RelayCLI (tested there); this file only wires the process.
let context = CommandContext(
    environment: ProcessInfo.processInfo.environment,
    output: StandardOutput(),
    readLine: { Swift.readLine(strippingNewline: true) },
    onTerminationSignal: { handler in SignalHandling.install(handler) }
)
let code = await CommandLineTool.main(Array(CommandLine.arguments.dropFirst()), context: context)
exit(code)
