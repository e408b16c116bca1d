import ExactJSON
import Foundation

/// One record of the idempotency ledger topic (compacted; key = the token, value = this entry as JSON).
///
/// `eventId` is the event whose processing wrote the entry; in a `done` entry it is the event that CREATED the line
/// (empty when unknown), so a redelivery gets the answer it got before.
///
/// Value format (version 1): `{"v":1,"state":"attempting"|"done","paymentId":"<guid>","eventId":"...","at":<epoch ms>,
/// "partition":<input partition>,"offset":<input offset>}`.
public struct LedgerEntry: Sendable, Equatable {
    public var token: IdempotencyToken
    public var state: LedgerState
    public var eventId: String
    /// When the entry was written, in milliseconds since 1970 (entries older than the retention window are ignored).
    public var recordedAtMillis: Int64
    public var inputPartition: Int32
    public var inputOffset: Int64

    public init(token: IdempotencyToken, state: LedgerState, eventId: String, recordedAtMillis: Int64, inputPartition: Int32, inputOffset: Int64) {
        self.token = token
        self.state = state
        self.eventId = eventId
        self.recordedAtMillis = recordedAtMillis
        self.inputPartition = inputPartition
        self.inputOffset = inputOffset
    }

    /// The record key: the token's bytes.
    public var keyBytes: [UInt8] { Array(token.value.utf8) }

    /// The record value.
    public func valueBytes() -> [UInt8] {
        var json = JSONBuffer(capacity: 192)
        json.raw("{\"v\":1,\"state\":")
        switch state {
        case .attempting:
            json.raw("\"attempting\"")
        case let .done(paymentId, _):
            json.raw("\"done\",\"paymentId\":")
            json.quoted(UUIDText.lowercased(paymentId))
        }
        json.raw(",\"eventId\":")
        json.quoted(eventId)
        json.raw(",\"at\":")
        json.integer(recordedAtMillis)
        json.raw(",\"partition\":")
        json.integer(inputPartition)
        json.raw(",\"offset\":")
        json.integer(inputOffset)
        json.raw("}")
        return json.bytes
    }

    /// Decodes a ledger record; `nil` for records that are not version-1 ledger entries (they are skipped).
    public static func decode(key: [UInt8]?, value: [UInt8]?) -> LedgerEntry? {
        guard let key, let value, let token = IdempotencyToken(rawValue: String(decoding: key, as: UTF8.self)),
              let root = try? JSONParser.parse(value), case .number("1")? = root["v"],
              case let .string(stateName)? = root["state"], case let .string(eventId)? = root["eventId"],
              case let .number(at)? = root["at"], let millis = Int64(at) else { return nil }
        let state: LedgerState
        switch stateName {
        case "attempting":
            state = .attempting
        case "done":
            guard case let .string(id)? = root["paymentId"], let uuid = UUID(uuidString: id) else { return nil }
            state = .done(paymentId: uuid, creator: eventId.isEmpty ? .unknown : EventFingerprint(eventId: eventId))
        default:
            return nil
        }
        var partition: Int32 = -1
        var offset: Int64 = -1
        if case let .number(text)? = root["partition"], let value = Int32(text) { partition = value }
        if case let .number(text)? = root["offset"], let value = Int64(text) { offset = value }
        return LedgerEntry(token: token, state: state, eventId: eventId, recordedAtMillis: millis, inputPartition: partition, inputOffset: offset)
    }
}
