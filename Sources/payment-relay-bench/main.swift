import Foundation
import RelayBench
import RelayCLI

// The benchmark's process wiring; everything else lives in RelayBench (tested there).
let context = CommandContext(
    environment: ProcessInfo.processInfo.environment,
    output: StandardOutput(),
    onTerminationSignal: { handler in SignalHandling.install(handler) }
)
let code = await BenchCommand.main(Array(CommandLine.arguments.dropFirst()), context: context)
exit(code)
