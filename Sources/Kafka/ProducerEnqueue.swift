internal import CRdKafka
import Foundation

/// Hands one record to `rd_kafka_produceva` (Swift cannot call the variadic `rd_kafka_producev`).
enum ProducerEnqueue {
    /// Enqueues `record` with `box` as its opaque; the delivery callback will complete the box.
    ///
    /// - Returns: `nil` when enqueued, else the error (and the box was not handed over).
    static func enqueue(_ rk: OpaquePointer, _ record: ProducerRecord, _ box: DeliveryBox) -> KafkaError? {
        var allocations: [UnsafeMutableRawPointer] = []
        defer { allocations.forEach { free($0) } }
        func copy(_ bytes: [UInt8]) -> UnsafeMutableRawPointer {
            let pointer = malloc(max(bytes.count, 1))!
            bytes.withUnsafeBytes { pointer.copyMemory(from: $0.baseAddress ?? UnsafeRawPointer(pointer), byteCount: bytes.count) }
            allocations.append(pointer)
            return pointer
        }
        func cString(_ string: String) -> UnsafePointer<CChar> {
            let pointer = strdup(string)!
            allocations.append(UnsafeMutableRawPointer(pointer))
            return UnsafePointer(pointer)
        }

        var values: [rd_kafka_vu_t] = []
        func add(_ type: rd_kafka_vtype_t, _ set: (inout rd_kafka_vu_t) -> Void) {
            var vu = rd_kafka_vu_t()
            vu.vtype = type
            set(&vu)
            values.append(vu)
        }
        let topic = cString(record.topic)
        add(RD_KAFKA_VTYPE_TOPIC) { $0.u.cstr = topic }
        if let partition = record.partition { add(RD_KAFKA_VTYPE_PARTITION) { $0.u.i32 = partition } }
        if let key = record.key {
            let pointer = copy(key)
            add(RD_KAFKA_VTYPE_KEY) { $0.u.mem.ptr = pointer; $0.u.mem.size = key.count }
        }
        if let value = record.value {
            let pointer = copy(value)
            add(RD_KAFKA_VTYPE_VALUE) { $0.u.mem.ptr = pointer; $0.u.mem.size = value.count }
        }
        if let timestamp = record.timestamp {
            add(RD_KAFKA_VTYPE_TIMESTAMP) { $0.u.i64 = Int64((timestamp.timeIntervalSince1970 * 1000).rounded()) }
        }
        for header in record.headers {
            let name = cString(header.key)
            let value = header.value.map { (UnsafeRawPointer(copy($0)), $0.count) }
            add(RD_KAFKA_VTYPE_HEADER) {
                $0.u.header.name = name
                $0.u.header.val = value?.0
                $0.u.header.size = value?.1 ?? -1
            }
        }
        // librdkafka copies key, value, topic and headers, so the allocations above only outlive this call.
        add(RD_KAFKA_VTYPE_MSGFLAGS) { $0.u.i = RD_KAFKA_MSG_F_COPY }
        let opaque = Unmanaged.passRetained(box).toOpaque()
        add(RD_KAFKA_VTYPE_OPAQUE) { $0.u.ptr = opaque }

        guard let error = rd_kafka_produceva(rk, &values, values.count) else { return nil }
        Unmanaged<DeliveryBox>.fromOpaque(opaque).release()
        let failure = KafkaError(consuming: error)
        return KafkaError.fatalError(of: rk) ?? failure
    }
}
