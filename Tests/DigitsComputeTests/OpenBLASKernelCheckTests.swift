import Foundation
import Testing

@testable import DigitsCompute

/// The decision of which OpenBLAS kernel family to force, for every kind of case; the real
/// correction (a re-executed process) is tested in DigitsCLITests.
@Suite struct OpenBLASKernelCheckTests {
    static let avx512 = CPUFeatures(
        vendor: "GenuineIntel", family: 6, model: 207, avx: true, fma: true, avx2: true,
        avx512: true, avx512BF16: true)
    static let avx512NoBF16 = CPUFeatures(
        vendor: "GenuineIntel", family: 6, model: 85, avx: true, fma: true, avx2: true,
        avx512: true)
    static let avx2 = CPUFeatures(vendor: "GenuineIntel", family: 6, model: 63, avx: true, fma: true, avx2: true)
    static let avxOnly = CPUFeatures(vendor: "GenuineIntel", family: 6, model: 42, avx: true)
    static let sseOnly = CPUFeatures(vendor: "GenuineIntel", family: 6, model: 23)

    func verdict(_ running: String, _ features: CPUFeatures, _ environment: [String: String] = [:])
        -> OpenBLASKernelCheck.Verdict
    {
        OpenBLASKernelCheck(running: running, features: features, environment: environment).verdict
    }

    /// Debian's 0.3.21 on the Xeon model 207, and other families older than the CPU.
    @Test func olderFamiliesThanTheCPUAreCorrected() {
        #expect(verdict("Prescott", Self.avx512) == .outdated(better: "Cooperlake"))
        #expect(verdict("Haswell", Self.avx512) == .outdated(better: "Cooperlake"))
        #expect(verdict("Prescott", Self.avx512NoBF16) == .outdated(better: "SkylakeX"))
        #expect(verdict("Prescott", Self.avx2) == .outdated(better: "Haswell"))
        #expect(verdict("Nehalem", Self.avxOnly) == .outdated(better: "Sandybridge"))
        #expect(verdict("SANDYBRIDGE", Self.avx2) == .outdated(better: "Haswell"))
    }

    /// A family as new as the CPU's instructions is kept, whichever one OpenBLAS picked (Zen 4 gets
    /// Cooperlake, and that is not second-guessed); so is one we do not know, and SSE-only CPUs.
    @Test func fittingOrUnknownFamiliesAreKept() {
        #expect(verdict("Cooperlake", Self.avx512) == .fits)
        #expect(verdict("SkylakeX", Self.avx512) == .fits)
        #expect(verdict("Cooperlake", Self.avx512NoBF16) == .fits)
        #expect(verdict("Zen", Self.avx2) == .fits)
        #expect(verdict("Haswell", Self.avx2) == .fits)
        #expect(verdict("Prescott", Self.sseOnly) == .fits)
        #expect(verdict("SomeFutureLake", Self.avx512) == .fits)
    }

    /// The user's OPENBLAS_CORETYPE is never overridden, even when it is slower (the verdict names the
    /// faster family); our own is told apart by the marker the re-executed process carries.
    @Test func environmentDecides() {
        #expect(
            verdict("Prescott", Self.avx512, ["OPENBLAS_CORETYPE": "Prescott"]) == .userChoice(better: "Cooperlake"))
        #expect(verdict("Haswell", Self.avx512, ["OPENBLAS_CORETYPE": "Haswell"]) == .userChoice(better: "Cooperlake"))
        #expect(verdict("Haswell", Self.avx2, ["OPENBLAS_CORETYPE": "Haswell"]) == .userChoice(better: nil))
        #expect(verdict("SkylakeX", Self.avx512, ["OPENBLAS_CORETYPE": "SkylakeX"]) == .userChoice(better: nil))
        let ours = ["OPENBLAS_CORETYPE": "Cooperlake", OpenBLASKernelCheck.correctionMarker: "Prescott"]
        #expect(verdict("Cooperlake", Self.avx512, ours) == .corrected(from: "Prescott"))
        // The marker alone (no variable) means nothing was forced.
        #expect(
            verdict("Prescott", Self.avx512, [OpenBLASKernelCheck.correctionMarker: "Prescott"])
                == .outdated(better: "Cooperlake"))
    }

    @Test func bestFamilyFollowsTheInstructionSet() {
        #expect(OpenBLASKernelCheck.bestFamily(for: Self.avx512) == "Cooperlake")
        #expect(OpenBLASKernelCheck.bestFamily(for: Self.avx512NoBF16) == "SkylakeX")
        #expect(OpenBLASKernelCheck.bestFamily(for: Self.avx2) == "Haswell")
        #expect(OpenBLASKernelCheck.bestFamily(for: Self.avxOnly) == "Sandybridge")
        #expect(OpenBLASKernelCheck.bestFamily(for: Self.sseOnly) == nil)
        // AVX2 without FMA (some VIA and emulated CPUs) cannot run the Haswell kernels.
        #expect(OpenBLASKernelCheck.bestFamily(for: CPUFeatures(avx: true, avx2: true)) == "Sandybridge")
    }

    @Test func descriptionsSayWhy() {
        let corrected = OpenBLASKernelCheck(
            running: "Cooperlake", features: Self.avx512,
            environment: ["OPENBLAS_CORETYPE": "Cooperlake", OpenBLASKernelCheck.correctionMarker: "Prescott"])
        #expect(corrected.description.contains("OpenBLAS had chosen Prescott"))
        #expect(corrected.description.contains("model 207"))
        let outdated = OpenBLASKernelCheck(running: "Prescott", features: Self.avx512, environment: [:])
        #expect(outdated.description.contains("set OPENBLAS_CORETYPE=Cooperlake"))
        let slowerByChoice = OpenBLASKernelCheck(
            running: "Haswell", features: Self.avx512, environment: ["OPENBLAS_CORETYPE": "Haswell"])
        #expect(slowerByChoice.description.contains("set by the user (left as it is), an older family"))
        #expect(slowerByChoice.description.contains("Cooperlake would be faster"))
        let fitByChoice = OpenBLASKernelCheck(
            running: "Haswell", features: Self.avx2, environment: ["OPENBLAS_CORETYPE": "Haswell"])
        #expect(!fitByChoice.description.contains("older family"))
    }

    /// The CPUID reading of this machine agrees with what the kernel reports in /proc/cpuinfo.
    @Test func cpuFeaturesMatchProcCPUInfo() throws {
        guard let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
            let flagsLine = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
        else { return }
        let flags = Set(flagsLine.split(separator: ":")[1].split(separator: " ").map(String.init))
        let features = CPUFeatures.current
        #expect(features.avx == flags.contains("avx"))
        #expect(features.fma == flags.contains("fma"))
        #expect(features.avx2 == flags.contains("avx2"))
        #expect(features.avx512 == ["avx512f", "avx512bw", "avx512dq", "avx512vl"].allSatisfy(flags.contains))
        #expect(features.avx512BF16 == (features.avx512 && flags.contains("avx512_bf16")))
    }
}
