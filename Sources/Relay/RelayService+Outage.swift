import BusinessCentral
import Foundation
import RelayCore
import Telemetry

/// Outage mode in the service: probing Business Central while the circuit is open, and the operator's endpoint.
extension RelayService {
    /// How often the probe loop looks at the breaker's schedule.
    static let probeTick = Duration.milliseconds(100)

    /// Probes Business Central whenever the breaker says a probe is due (the credentials, then a cheap read); while
    /// booking is held, keeps `/healthz` from reporting the held bookings as stalled (a restart would not help).
    func startCircuitProbes() -> Task<Void, Never> {
        let gate = engine.gate
        let processor = self.processor
        let businessCentral = self.businessCentral
        let companyId = settings.companyId
        let clock = self.clock
        return Task {
            while !Task.isCancelled {
                if gate.isHolding { processor.processingTicked() }
                gate.closeIfIdle()
                if gate.startProbe() {
                    do {
                        try await businessCentral.checkAvailability(companyId: companyId)
                        gate.probeFinished(.success)
                    } catch is CancellationError {
                        return
                    } catch {
                        let failure = (error as? BusinessCentralError).map(ServiceFailure.init)
                            ?? ServiceFailure(kind: .transient, code: "ClientError", message: "\(error)")
                        gate.probeFinished(.failure(FailureClassifier.failureClass(of: failure), retryAfter: failure.retryAfter))
                    }
                }
                do { try await clock.sleep(for: Self.probeTick) } catch { return }
            }
        }
    }

    /// `/admin/*`, when `RELAY_ADMIN_TOKEN_FILE` is set.
    static func adminEndpoint(_ settings: RelaySettings, engine: RelayEngine) -> AdminEndpoint? {
        guard let tokenFile = settings.adminTokenFile else { return nil }
        let gate = engine.gate
        return AdminEndpoint(
            tokenFile: tokenFile,
            setPaused: { paused, peer in gate.setOperatorPaused(paused, by: peer) },
            status: {
                AdminEndpoint.Status(gate: gate.snapshot, assignedPartitions: engine.assignedPartitions.count,
                                     pausedPartitions: engine.pausedCount, inFlightRecords: engine.inFlightCount,
                                     unresolvedAttempts: engine.unresolvedAttempts)
            })
    }
}
