import Foundation
import RelayCLI

/// `payment-relay-bench`: the benchmark (see `deploy/performance.md`), an executable of its own so the product does
/// not ship it. It starts the relay as `payment-relay run` children from its own directory, so build the whole
/// package first (`swift build -c release`; `make bench` does).
public enum BenchCommand {
    /// The command's name in usage and error lines.
    static let programName = "payment-relay-bench"

    static let spec = CommandSpec(
        name: "payment-relay-bench",
        abstract: "Benchmark the relay against its bounds: mock Kafka + BC simulator, relay child processes, a table.",
        discussion: """
        Every run builds a fresh librdkafka mock cluster (16 partitions for input, ledger and outcomes) and a fresh
        BC simulator in this process, queues the events, and starts the relay as CHILD processes
        ('payment-relay run' beside this executable, with its environment), so CPU (/proc/<pid>/stat utime+stime) and peak RSS
        (/proc/<pid>/status VmHWM) are the relay's alone. Throughput is the steady rate between the 10th and 90th
        percentile of the outcomes' processedAt; each figure is the median of --runs runs with min–max.
        Kafka settings for the mock: fetch.wait.max.ms=50, session.timeout.ms=6000, heartbeat.interval.ms=500.

        Scenarios (--scenario, repeatable or comma-separated; default all):
          ceiling    BC answers at once; N queued (--events): relay events/s, CPU s per 1,000 events, peak RSS
                     (and vs a 1,000-event backlog), p50/p99 latency at half the measured rate; beside it the
                     Kafka path alone (the same RelayService with an instant in-memory BC, as a child) and the
                     HTTP path alone (the same BusinessCentralClient posting N creates to the simulator, as a
                     child); relay ÷ min(ceilings). Targets: ≥ 0.8, ≤ 64 MiB, ≤ 20% RSS growth.
          latency    BC adds --latency per request, client concurrency --concurrency: events/s vs
                     concurrency/latency. Target ≥ 95%.
          rate       the simulator enforces --rate-limit (429 beyond) and the relay gets the same budget:
                     actual time vs (ceil(R/L)−1)·W for the R requests counted, 429s, failed events.
                     Targets ≥ 90%, 0 failed.
          scale-out  1, 2 and 4 workers in one group on the latency-bound scenario (each --concurrency):
                     scaling vs linear (target ≥ 0.9), and the pause when a second worker joins a flowing one.
          recovery   2 workers, SIGKILL one mid-run: time until its partitions flow again, records redelivered,
                     BC lines per token (must be ≤ 1), events lost (must be 0).
          ledger     per --ledger-keys: a synthetic ledger topic (one partition per 60,000 keys, at least 16) loaded
                     through the relay's engine in this process: load time, table bytes per key (target ≤ 24),
                     resident memory it added, a reassignment reading only 10,000 new entries, and the pause that
                     reassignment causes.
          soak       memory over a long run in one process: --soak-events through the Kafka path (fed in
                     chunks; the ledger table, which holds every key by design, is read from /metrics and left
                     out) and --soak-requests creates through the HTTP path; resident memory after 100,000 and
                     at the end. Target: the end ≤ +10%.

        Progress goes to stderr, the Markdown table to stdout. Exits 0 when every target is met, 3 when a
        measurement completed but missed a target, 1 when a run failed. Takes ~35 minutes with the defaults on
        2 cores; --quick is a ~3-minute smoke run (one run, small volumes). Build with -c release to measure.
        Profiling: BENCH_PROFILE=<child name prefix> (e.g. relay, kafka-path, http-path) attaches 'perf record -g'
        (cpu-clock, 499 Hz) to those children; the data goes to /tmp/perf.<name>.<pid>.data for 'perf report'.
        (valgrind cannot run Swift's async main on this toolchain: it dies on libdispatch's sigsuspend.)
        """,
        options: [
            OptionSpec(long: "scenario", short: "s", valueName: "name", help: "ceiling, latency, rate, scale-out, recovery, ledger, soak or all.",
                       defaultDescription: "all", isRepeatable: true),
            OptionSpec(long: "runs", short: "r", valueName: "n", help: "Runs per scenario; figures are medians with min–max.", defaultDescription: "3 (1 with --quick)"),
            OptionSpec(long: "events", short: "n", valueName: "n", help: "Events queued for the ceiling scenario.", defaultDescription: "100000 (5000 with --quick)"),
            OptionSpec(long: "soak-events", valueName: "n", help: "Events through the Kafka path in the soak scenario (0: skip it).", defaultDescription: "1000000 (100000 with --quick)"),
            OptionSpec(long: "soak-requests", valueName: "n", help: "Creates through the HTTP path in the soak scenario (0: skip it).", defaultDescription: "200000 (30000 with --quick)"),
            OptionSpec(long: "partitions", valueName: "n", help: "Partitions of the input, ledger and outcome topics.", defaultDescription: "16"),
            OptionSpec(long: "latency", valueName: "duration", help: "Simulator latency per request (latency, scale-out, recovery).", defaultDescription: "50ms"),
            OptionSpec(long: "concurrency", valueName: "n", help: "BC_MAX_CONCURRENT_REQUESTS of every relay process.", defaultDescription: "5"),
            OptionSpec(long: "rate-limit", valueName: "n/window", help: "The rate-bound scenario's limit (simulator and relay).", defaultDescription: "300/15s (100/5s with --quick)"),
            OptionSpec(long: "ledger-keys", valueName: "n[,n]", help: "Keys of the ledger scenario's synthetic ledger topics.",
                       defaultDescription: "1000000,10000000 (100000 with --quick)", isRepeatable: true),
            OptionSpec(long: "log-level", valueName: "level", help: "LOG_LEVEL of the relay children (info logs one line per event).", defaultDescription: "info"),
            OptionSpec(long: "ceiling-parts", valueName: "part[,part]",
                       help: "The parts of the ceiling scenario to run (relay, kafka-path, http-path, small), for experiments on one path; the table then lacks the others' figures.",
                       defaultDescription: "all", isRepeatable: true),
            OptionSpec(long: "relay-env", valueName: "KEY=VALUE", help: "Extra environment for every relay child (e.g. KAFKA_QUEUED_MIN_MESSAGES=1000), to compare settings.",
                       isRepeatable: true),
            OptionSpec(long: "role", valueName: "role", help: "Internal: run as a ceiling child (kafka-path or http-path), configured like 'run' from the environment."),
        ],
        flags: [
            FlagSpec(long: "quick", short: "q", help: "Smoke run: one run per scenario, small volumes."),
            FlagSpec(long: "verbose", short: "v", help: "Keep the children's log files (paths are printed)."),
        ]
    )

    /// Parses `arguments` (without the program name), runs the bench and returns the exit code: 0 every target met,
    /// 3 a target missed, 1 a run failed, 2 a usage error.
    public static func main(_ arguments: [String], context: CommandContext) async -> Int32 {
        do {
            let parsed = try ArgumentParser.parse(arguments, spec: spec)
            if parsed.isHelpRequested {
                context.output.write(ArgumentParser.help(for: spec, commandPath: programName))
                return 0
            }
            return try await execute(parsed, context: context)
        } catch let error as UsageError {
            context.output.errorLine("\(programName): \(error.message)")
            context.output.errorLine("Run '\(programName) --help' for usage.")
            return error.exitCode
        } catch {
            context.output.errorLine("\(programName): \(error)")
            return 1
        }
    }

    static func execute(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        if let roleName = arguments.option("role") {
            guard let role = BenchRole(rawValue: roleName) else {
                throw UsageError("option '--role' expects \(BenchRole.allCases.map(\.rawValue).joined(separator: " or ")), got '\(roleName)'")
            }
            let code = try await BenchRole.run(role, context: context)
            if role == .httpPath {
                // Stay alive until the bench has sampled this process, then exit on its SIGTERM.
                while true { try await Task.sleep(for: .seconds(1)) }
            }
            return code
        }
        let options = try BenchOptions.parse(arguments)
        // Stopped by a signal, the bench takes its relay children with it.
        context.onTerminationSignal {
            BenchChild.killAll()
            exit(130)
        }
        let output = context.output
        output.line("# payment-relay-bench")
        output.line("")
        output.line("Machine: \(BenchMachine.describe())")
        output.line("")
        // The runner blocks (sleeps, waits for children): keep it off the cooperative pool, which the in-process
        // simulator serves requests on.
        let result: Result<BenchReport, any Error> = await withCheckedContinuation { continuation in
            let thread = Thread {
                let runner = BenchRunner(options: options, output: output)
                do {
                    try runner.run()
                    continuation.resume(returning: .success(runner.report))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
            thread.name = "bench-runner"
            thread.stackSize = 8 << 20
            thread.start()
        }
        let report = try result.get()
        output.line(report.table())
        output.line("Load average at the end: \(BenchMachine.loadAverage()); runs per figure: \(options.runs).")
        return report.rows.contains { $0.met == false } ? 3 : 0
    }
}
