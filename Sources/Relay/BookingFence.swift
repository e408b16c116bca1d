import BusinessCentral

/// The check a booking's create passes immediately before it is sent: the partition is still this process's (same
/// assignment generation, not revoked, not stopping) and the group membership lease is confirmed.
struct BookingFence: RequestFence {
    let stop: StopFlag
    let host: any BookingHost

    func checkBeforeSending() throws(RequestFenced) {
        if stop.isStopped { throw RequestFenced(reason: "partition revoked or relay stopping") }
        if let refusal = host.leaseRefusal() { throw RequestFenced(reason: refusal) }
    }
}
