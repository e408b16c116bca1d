extension KafkaConfiguration {
    /// `group.id`: the consumer group.
    public var groupId: String? {
        get { self["group.id"] }
        set { self["group.id"] = newValue }
    }

    /// `client.id`: the name brokers and logs show for this client.
    public var clientId: String? {
        get { self["client.id"] }
        set { self["client.id"] = newValue }
    }

    /// `session.timeout.ms`: how long the group waits for a silent member before rebalancing.
    public var sessionTimeout: Duration? {
        get { milliseconds("session.timeout.ms") }
        set { setMilliseconds("session.timeout.ms", newValue) }
    }

    /// `heartbeat.interval.ms`: group heartbeat period.
    public var heartbeatInterval: Duration? {
        get { milliseconds("heartbeat.interval.ms") }
        set { setMilliseconds("heartbeat.interval.ms", newValue) }
    }

    /// `max.poll.interval.ms`: the longest allowed gap between polls before the member leaves the group.
    public var maxPollInterval: Duration? {
        get { milliseconds("max.poll.interval.ms") }
        set { setMilliseconds("max.poll.interval.ms", newValue) }
    }

    /// `auto.commit.interval.ms`: how often stored offsets are committed in the background.
    public var autoCommitInterval: Duration? {
        get { milliseconds("auto.commit.interval.ms") }
        set { setMilliseconds("auto.commit.interval.ms", newValue) }
    }

    /// `fetch.wait.max.ms`: how long the broker may hold an empty fetch.
    public var fetchWaitMax: Duration? {
        get { milliseconds("fetch.wait.max.ms") }
        set { setMilliseconds("fetch.wait.max.ms", newValue) }
    }

    /// `linger.ms`: how long the producer batches before sending.
    public var linger: Duration? {
        get { milliseconds("linger.ms") }
        set { setMilliseconds("linger.ms", newValue) }
    }

    /// `message.timeout.ms`: how long the producer keeps retrying one record before failing it.
    public var messageTimeout: Duration? {
        get { milliseconds("message.timeout.ms") }
        set { setMilliseconds("message.timeout.ms", newValue) }
    }

    /// `enable.idempotence`: exactly-once, in-order writes per partition (the producer default here is `true`).
    public var enableIdempotence: Bool? {
        get { self["enable.idempotence"].map { $0 == "true" } }
        set { self["enable.idempotence"] = newValue.map { $0 ? "true" : "false" } }
    }

    /// `enable.auto.commit`: commit stored offsets in the background (the consumer default here is `true`).
    public var enableAutoCommit: Bool? {
        get { self["enable.auto.commit"].map { $0 == "true" } }
        set { self["enable.auto.commit"] = newValue.map { $0 ? "true" : "false" } }
    }

    /// `auto.offset.reset`: where to start without a committed offset (`earliest` by default here).
    public var autoOffsetReset: String? {
        get { self["auto.offset.reset"] }
        set { self["auto.offset.reset"] = newValue }
    }

    /// `debug`: comma-separated librdkafka debug contexts (`consumer,cgrp,topic,fetch`, `all`).
    public var debug: String? {
        get { self["debug"] }
        set { self["debug"] = newValue }
    }

    private func milliseconds(_ key: String) -> Duration? {
        self[key].flatMap(Int64.init).map { .milliseconds($0) }
    }

    private mutating func setMilliseconds(_ key: String, _ value: Duration?) {
        self[key] = value.map { String($0.milliseconds) }
    }
}

extension Duration {
    /// Whole milliseconds, rounded down, clamped to `Int32` (librdkafka's timeout type).
    var milliseconds: Int32 {
        let (seconds, attoseconds) = components
        let ms = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return Int32(clamping: max(0, ms))
    }
}
