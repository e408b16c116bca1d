internal import CRdKafka
import Synchronization
import Telemetry

/// Owns one `rd_kafka_t` and its ``ClientContext``; the only place a client handle is created or destroyed.
///
/// Every C call goes through ``withHandle(_:)``, which holds a lease so the handle cannot be destroyed under it.
/// ``destroyWhenIdle()`` refuses new leases and destroys the handle when the last lease ends; `deinit` destroys
/// it if that never happened.
final class RDKafkaClient: @unchecked Sendable {
    enum Kind { case producer, consumer }

    private struct State {
        var leases = 0
        var closing = false
        var destroyed = false
    }

    private let rk: OpaquePointer
    /// The callback state; outlives the handle.
    let context: ClientContext
    private let kind: Kind
    private let state = Mutex(State())

    /// Builds the configuration, installs the common callbacks (log, error) plus `configure`'s, and creates the client.
    ///
    /// - Throws: ``KafkaError`` with librdkafka's message for an unknown or invalid property, or a failed `rd_kafka_new`.
    init(
        kind: Kind, properties: [String: String], context: ClientContext,
        configure: (OpaquePointer) -> Void = { _ in }
    ) throws {
        let conf = try RDKafkaConfig.make(properties)
        rd_kafka_conf_set_opaque(conf, context.opaque)
        RDKafkaCallbacks.installCommon(conf)
        configure(conf)
        var errstr = [CChar](repeating: 0, count: 512)
        let type = kind == .producer ? RD_KAFKA_PRODUCER : RD_KAFKA_CONSUMER
        guard let handle = rd_kafka_new(type, conf, &errstr, errstr.count) else {
            rd_kafka_conf_destroy(conf)  // ownership passes to rd_kafka_new only on success
            let message = errstr.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            throw KafkaError(code: .invalidArgument, message: message)
        }
        self.rk = handle
        self.context = context
        self.kind = kind
    }

    /// The client's name (`rdkafka#consumer-1` or the `client.id`).
    var name: String { String(cString: rd_kafka_name(rk)) }

    /// Runs `body` with the live handle. - Throws: ``KafkaError/closed`` once the client is closing.
    func withHandle<T>(_ body: (OpaquePointer) throws -> T) throws -> T {
        let admitted = state.withLock { state -> Bool in
            guard !state.closing else { return false }
            state.leases += 1
            return true
        }
        guard admitted else { throw KafkaError.closed }
        defer { release() }
        return try body(rk)
    }

    /// Refuses new leases and destroys the handle as soon as no call is using it.
    func destroyWhenIdle() {
        let destroyNow = state.withLock { state -> Bool in
            state.closing = true
            guard state.leases == 0, !state.destroyed else { return false }
            state.destroyed = true
            return true
        }
        if destroyNow { destroy() }
    }

    private func release() {
        let destroyNow = state.withLock { state -> Bool in
            state.leases -= 1
            guard state.closing, state.leases == 0, !state.destroyed else { return false }
            state.destroyed = true
            return true
        }
        if destroyNow { destroy() }
    }

    private func destroy() {
        // A consumer reaching here was either closed already or is being abandoned: never let destroy re-run the
        // (possibly hanging, on 2.0.2) consumer close.
        let flags: Int32 = kind == .consumer ? RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE : 0
        rd_kafka_destroy_flags(rk, flags)
    }

    deinit {
        let destroyed = state.withLock { $0.destroyed }
        if !destroyed { destroy() }
    }
}
