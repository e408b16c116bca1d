/// The release of this build, for `--version` and the `relay_build_info` metric.
///
/// A constant in source: a container has no git at run time, and a version stamped in by the build would be one more
/// thing that can silently be wrong. Raise it with every release.
public enum RelayVersion {
    /// The release, e.g. `0.3.0`.
    public static let current = "0.3.0"

    /// The Swift compiler that built this binary, `major.minor` (e.g. `6.3`).
    public static let swift: String = {
        #if compiler(>=6.5)
        return "6.5"
        #elseif compiler(>=6.4)
        return "6.4"
        #elseif compiler(>=6.3)
        return "6.3"
        #elseif compiler(>=6.2)
        return "6.2"
        #elseif compiler(>=6.1)
        return "6.1"
        #else
        return "6.0"
        #endif
    }()

    /// What `--version` prints: `payment-relay 0.3.0` (no commit: none is known at run time; `relay_build_info`
    /// also names the compiler).
    public static var text: String { "payment-relay \(current)" }
}
