/// The server's open connections, and which of them are waiting on their client, so that a full server can make
/// room by closing the one that has waited longest.
///
/// A value type kept under the server's lock: every decision here is pure and tested without sockets.
struct ConnectionTable {
    struct Entry {
        let socket: Socket
        /// Since when the connection has waited for (the rest of) a request; `nil` while one is being served.
        var waitingSince: ContinuousClock.Instant?
        /// Shut down to make room; it still holds its descriptor until its thread ends.
        var isEvicted = false
    }

    enum Admission: Equatable {
        case admitted
        /// Admitted after evicting this connection; the caller must shut it down (under the same lock).
        case admittedEvicting(Socket)
        case full
    }

    private(set) var entries: [Int32: Entry] = [:]
    private var evictedCount = 0

    /// Connections that count against the limit: evicted ones are on their way out.
    var activeCount: Int { entries.count - evictedCount }

    /// Every socket, for shutting them all down.
    var sockets: [Socket] { entries.values.map(\.socket) }

    /// Registers `socket` if there is room (or, with `evictingIdle`, if room can be made).
    mutating func admit(_ socket: Socket, limit: Int, evictingIdle: Bool, now: ContinuousClock.Instant) -> Admission {
        var admission = Admission.admitted
        if activeCount >= limit {
            guard evictingIdle, let victim = longestWaiting() else { return .full }
            entries[victim]!.isEvicted = true
            evictedCount += 1
            admission = .admittedEvicting(entries[victim]!.socket)
        }
        entries[socket.fd] = Entry(socket: socket, waitingSince: now)
        return admission
    }

    /// The connection `fd` now waits on its client (after a response, or from its start).
    mutating func markWaiting(_ fd: Int32, since: ContinuousClock.Instant) {
        entries[fd]?.waitingSince = since
    }

    /// The connection `fd` has a complete request head and is being served: never evicted.
    mutating func markServing(_ fd: Int32) {
        entries[fd]?.waitingSince = nil
    }

    /// Forgets `fd` (its thread ended); call before closing the descriptor so a reused number is never shut down.
    mutating func remove(_ fd: Int32) {
        if let entry = entries.removeValue(forKey: fd), entry.isEvicted { evictedCount -= 1 }
    }

    private func longestWaiting() -> Int32? {
        var best: (fd: Int32, since: ContinuousClock.Instant)?
        for (fd, entry) in entries where !entry.isEvicted {
            guard let since = entry.waitingSince else { continue }
            if best == nil || since < best!.since { best = (fd, since) }
        }
        return best?.fd
    }
}
