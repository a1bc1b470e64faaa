import CBLAS
import Foundation

/// Which of OpenBLAS's kernel families runs in this process, whether it fits the CPU, and why.
///
/// A `DYNAMIC_ARCH` OpenBLAS picks its kernels once, when the library loads, from the CPU model it
/// recognises. A release older than the CPU (Debian 12's 0.3.21 on Intel family 6 model 207, fixed
/// upstream in 0.3.25, OpenBLAS issue #4267) falls back to its Prescott (SSE3) kernels: about a fifth
/// of the speed of its SkylakeX kernels there. The family can only be forced through
/// `OPENBLAS_CORETYPE` before the library loads, so a program corrects it by re-executing itself
/// with the variable set (`correctByReexecuting`). A user's own `OPENBLAS_CORETYPE` is never changed.
public struct OpenBLASKernelCheck: Equatable, Sendable {
    public enum Verdict: Equatable, Sendable {
        /// The family uses the best vector instructions the CPU offers (or is one we do not rank).
        case fits
        /// `OPENBLAS_CORETYPE` was set by the user: left as it is. `better` is the family this CPU
        /// could run when the user's is an older one: the environment of the Zen 5 of session 38
        /// set Haswell, and the paper CNN's epoch took 0.71 of the time with Cooperlake (README).
        case userChoice(better: String?)
        /// This process was re-executed with `OPENBLAS_CORETYPE` because OpenBLAS had chosen `from`.
        case corrected(from: String)
        /// OpenBLAS chose an older family than the CPU supports; `better` is the one to force.
        case outdated(better: String)
    }

    /// The family running now, as `openblas_get_corename` names it.
    public let running: String
    public let features: CPUFeatures
    public let verdict: Verdict

    /// Set (to the family OpenBLAS had chosen) when Digits itself set `OPENBLAS_CORETYPE` and re-ran.
    public static let correctionMarker = "DIGITS_OPENBLAS_CORRECTED_FROM"

    public init(running: String, features: CPUFeatures, environment: [String: String]) {
        self.running = running
        self.features = features
        let better = Self.bestFamily(for: features).flatMap { best in
            Self.tier(of: running).flatMap { $0 < Self.tier(of: best)! ? best : nil }
        }
        if environment["OPENBLAS_CORETYPE"] != nil {
            verdict = environment[Self.correctionMarker].map { .corrected(from: $0) } ?? .userChoice(better: better)
        } else {
            verdict = better.map { .outdated(better: $0) } ?? .fits
        }
    }

    /// This process: the library's choice, this CPU, this environment.
    public static var current: OpenBLASKernelCheck {
        OpenBLASKernelCheck(
            running: String(cString: openblas_get_corename()), features: .current,
            environment: ProcessInfo.processInfo.environment)
    }

    // MARK: - Families

    /// The vector instruction set each family's kernels are written for (names as in OpenBLAS's
    /// `driver/others/dynamic.c`, compared without case).
    enum Tier: Int, Comparable {
        case sse, avx, avx2, avx512
        static func < (a: Tier, b: Tier) -> Bool { a.rawValue < b.rawValue }
    }

    static let tiers: [String: Tier] = {
        var tiers = [String: Tier]()
        for name in [
            "katmai", "coppermine", "northwood", "prescott", "banias", "atom", "core2", "penryn", "dunnington",
            "nehalem", "athlon", "opteron", "opteron_sse3", "barcelona", "nano", "bobcat",
        ] { tiers[name] = .sse }
        for name in ["sandybridge", "bulldozer", "piledriver", "steamroller"] { tiers[name] = .avx }
        for name in ["haswell", "zen", "excavator"] { tiers[name] = .avx2 }
        for name in ["skylakex", "cooperlake", "sapphirerapids"] { tiers[name] = .avx512 }
        return tiers
    }()

    static func tier(of family: String) -> Tier? { tiers[family.lowercased()] }

    /// The family to force for each instruction set: the one a current OpenBLAS falls back to for a
    /// CPU model it does not know (`gotoblas_dynamic_init` in 0.3.25+: BF16 → Cooperlake, AVX-512 →
    /// SkylakeX, AVX2 → Haswell, AVX → Sandybridge). On the Xeon model 207 (AVX512-BF16) Cooperlake
    /// also trained the paper CNN faster than SkylakeX: 6,400 images on one thread in 7.6 / 9.0 / 9.7 s
    /// against 12.2 / 8.4 / 12.5 s, alternating runs. nil: nothing better than SSE to ask for.
    public static func bestFamily(for features: CPUFeatures) -> String? {
        if features.avx512 { return features.avx512BF16 ? "Cooperlake" : "SkylakeX" }
        if features.avx2 && features.fma { return "Haswell" }
        if features.avx { return "Sandybridge" }
        return nil
    }

    // MARK: - Correction

    /// If OpenBLAS chose an outdated family, re-executes this program (`/proc/self/exe`, the same
    /// arguments) with `OPENBLAS_CORETYPE` set to the better one. Call it first thing in `main`,
    /// before anything that must not run twice. Returns only when nothing needed changing or the
    /// re-execution failed; `current` then still says `.outdated`.
    public static func correctByReexecuting() {
        let check = current
        guard case .outdated(let better) = check.verdict else { return }
        setenv("OPENBLAS_CORETYPE", better, 1)
        setenv(correctionMarker, check.running, 1)
        var arguments = CommandLine.arguments.map { strdup($0) } + [nil]
        execv("/proc/self/exe", &arguments)
        // Still here: the program cannot be re-run (no /proc?). Carry on with the kernels we have.
        for argument in arguments { free(argument) }
        unsetenv("OPENBLAS_CORETYPE")
        unsetenv(correctionMarker)
    }

    // MARK: - Description

    /// One line for `digits backends`, reports and benchmarks: the family, and why it is that one.
    public var description: String {
        let cpu = "\(features.summary); \(features.vendor) family \(features.family) model \(features.model)"
        switch verdict {
        case .fits:
            return "OpenBLAS kernels: \(running), as OpenBLAS chose for this CPU (\(cpu))"
        case .userChoice(nil):
            return "OpenBLAS kernels: \(running), from OPENBLAS_CORETYPE set by the user (left as it is; CPU: \(cpu))"
        case .userChoice(let better?):
            return "OpenBLAS kernels: \(running), from OPENBLAS_CORETYPE set by the user (left as it is), an older "
                + "family than this CPU supports (\(cpu)); \(better) would be faster: set OPENBLAS_CORETYPE=\(better) "
                + "or unset it"
        case .corrected(let from):
            return "OpenBLAS kernels: \(running); OpenBLAS had chosen \(from), an older family than this CPU supports "
                + "(\(cpu)), so the program re-ran itself with OPENBLAS_CORETYPE=\(running)"
        case .outdated(let better):
            return "OpenBLAS kernels: \(running), an older family than this CPU supports (\(cpu)); "
                + "\(better) would be faster: set OPENBLAS_CORETYPE=\(better)"
        }
    }
}
