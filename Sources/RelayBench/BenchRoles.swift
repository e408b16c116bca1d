import BusinessCentral
import Foundation
import RelayCLI
import Relay
import RelayCore
import Synchronization
import Telemetry
import ExactJSON

/// The two ceilings, each run as a child process of the bench so its CPU and memory are its own:
/// - `kafka-path`: the relay's `RelayService` exactly as `payment-relay run` builds it (same environment), but with
///   an instant in-memory Business Central: consume, ledger writes, outcome, offset store and commit — no HTTP.
/// - `http-path`: the relay's `BusinessCentralClient` over `URLSessionTransport`, built as `RelayService` builds it
///   (same concurrency and budget), posting the same creates to the same simulator — no Kafka.
enum BenchRole: String, CaseIterable {
    case kafkaPath = "kafka-path"
    case httpPath = "http-path"

    static func run(_ role: BenchRole, context: CommandContext) async throws -> Int32 {
        switch role {
        case .kafkaPath: try await runKafkaPath(context: context)
        case .httpPath: try await runHTTPPath(context: context)
        }
    }

    private static func runKafkaPath(context: CommandContext) async throws -> Int32 {
        MallocArenas.limit(environment: context.environment)   // as `payment-relay run` does
        let settings = try RelaySettings.load(from: context.environment)
        let logger = Logger(label: "payment-relay", minimumLevel: settings.logLevel, sink: StreamLogSink(format: settings.logFormat))
        let service = try RelayService(settings: settings, logger: logger, businessCentral: InstantBusinessCentral())
        context.onTerminationSignal { service.stop() }
        try await service.run()
        return 0
    }

    /// Posts `BENCH_EVENTS` creates of the bench's events (tag `BENCH_TAG`) and writes the completion times (seconds
    /// since the first request, one per line, `failed` lines for failures) to `BENCH_RESULT_FILE`; with
    /// `BENCH_COUNT_ONLY=1` only the `failed` lines.
    private static func runHTTPPath(context: CommandContext) async throws -> Int32 {
        MallocArenas.limit(environment: context.environment)   // as `payment-relay run` does
        let settings = try RelaySettings.load(from: context.environment)
        guard let count = context.environment["BENCH_EVENTS"].flatMap(Int.init), let tag = context.environment["BENCH_TAG"],
              let resultPath = context.environment["BENCH_RESULT_FILE"] else {
            throw BenchError("the http-path role needs BENCH_EVENTS, BENCH_TAG and BENCH_RESULT_FILE")
        }
        let configuration = settings.businessCentral
        let client = try BusinessCentralClient(
            configuration: configuration,
            transport: URLSessionTransport(maximumConnectionsPerHost: configuration.maxConcurrentRequests),
            logger: .disabled)
        let decoder = PaymentEventDecoder(companyCurrency: settings.companyCurrency)
        let transform = PaymentTransform(today: { TimestampFormat.day(Date()) })
        // Built per request, as the relay does (a prebuilt array of 100,000 creates would dominate this child's RSS).
        @Sendable func request(_ index: Int) -> CustomerPaymentCreate? {
            guard case let .success(event) = decoder.decode(BenchEvents.event(tag: tag, index: index).value) else { return nil }
            return CustomerPaymentCreate(transform.request(for: event))
        }
        let journal = try await client.journal(code: settings.journalCode, displayName: settings.journalDisplayName, companyId: settings.companyId)
        let start = ContinuousClock.now
        // The soak counts only: keeping every completion time would grow this child's memory with the run.
        let countOnly = context.environment["BENCH_COUNT_ONLY"] == "1"
        let mallocTrace = context.environment["BENCH_MALLOC_TRACE"] == "1"
        let completions = Completions(keepTimes: !countOnly)
        // Keep the client's limiter queue full, as the relay's per-partition windows do, without a task per event.
        let window = max(64, configuration.maxConcurrentRequests * 8)
        let companyId = settings.companyId
        await withTaskGroup(of: Void.self) { group in
            var next = 0
            while next < count {
                if next >= window { await group.next() }
                let index = next
                next += 1
                group.addTask {
                    do {
                        guard let request = request(index) else { throw BenchError("bench event \(index) does not decode") }
                        _ = try await client.createCustomerPayment(request, journalId: journal.id, companyId: companyId)
                        completions.succeeded((ContinuousClock.now - start).seconds)
                        if mallocTrace, (index + 1) % 10_000 == 0 { MallocTrace.log("\(index + 1) creates") }
                    } catch {
                        completions.failed()
                    }
                }
            }
            await group.waitForAll()
        }
        let (times, failures) = completions.snapshot
        var text = countOnly ? "" : times.map { String(format: "%.6f", $0) }.joined(separator: "\n")
        text += String(repeating: "\nfailed", count: failures)
        try text.write(toFile: resultPath, atomically: true, encoding: .utf8)
        return 0
    }
}

/// A Business Central that answers at once, in memory: the Kafka-only ceiling.
final class InstantBusinessCentral: CustomerPaymentsAPI {
    private let journalValue = CustomerPaymentJournal(id: UUID(), code: "RELAY", displayName: "bench")

    func journal(code: String, displayName: String, companyId: UUID) async throws -> CustomerPaymentJournal { journalValue }

    func createCustomerPayment(_ payment: CustomerPaymentCreate, journalId: UUID, companyId: UUID,
                               fence: (any RequestFence)?) async throws -> CustomerPayment {
        try fence?.checkBeforeSending()
        return CustomerPayment(id: nextId(), journalId: journalId, lineNumber: payment.lineNumber ?? 10_000, customerNumber: payment.customerNumber,
                               externalDocumentNumber: payment.externalDocumentNumber, amount: payment.amount, comment: payment.comment)
    }

    /// Distinct ids without `UUID()`, which reads `/dev/urandom` (a system call per payment, ~2% of the measured CPU).
    private let issued = Atomic<UInt64>(0)
    private func nextId() -> UUID {
        let n = issued.add(1, ordering: .relaxed).newValue
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<8 { bytes[8 + index] = UInt8(truncatingIfNeeded: n >> (8 * (7 - index))) }
        bytes[6] = 0x40   // version 4 layout, so the id reads like BC's
        bytes[8] = 0x80 | (bytes[8] & 0x3f)
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }

    func customerPayment(lineNumber: Int, journalId: UUID, companyId: UUID) async throws -> CustomerPayment? { nil }

    func customerCurrency(number: String?, id: UUID?, companyId: UUID) async throws -> String? { "" }

    func companyCurrency(companyId: UUID) async throws -> String { "USD" }

    func postedEntry(documentNumber: String, companyId: UUID) async throws -> UUID? { nil }

    func findCustomerPayments(externalDocumentNumber: String, journalId: UUID, companyId: UUID) async throws -> [CustomerPayment] { [] }
}

/// Completion times and failures of the HTTP-path ceiling.
private final class Completions: Sendable {
    private let state = Mutex<(times: [Double], failures: Int)>(([], 0))
    private let keepTimes: Bool
    init(keepTimes: Bool) { self.keepTimes = keepTimes }
    func succeeded(_ time: Double) { if keepTimes { state.withLock { $0.times.append(time) } } }
    func failed() { state.withLock { $0.failures += 1 } }
    var snapshot: (times: [Double], failures: Int) { state.withLock { $0 } }
}
