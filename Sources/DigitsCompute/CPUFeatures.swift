import CCPUID

/// The vector instruction sets this processor offers *and* the operating system has enabled, read
/// from CPUID and XCR0 (Intel SDM vol. 2A, CPUID leaves 1 and 7; vol. 1 §13.3 for XCR0). An
/// instruction set whose register state the OS does not save counts as absent, as OpenBLAS's
/// `support_avx512()` counts it.
public struct CPUFeatures: Equatable, Sendable {
    public var vendor: String
    public var family: Int
    public var model: Int
    public var avx: Bool
    public var fma: Bool
    public var avx2: Bool
    /// AVX-512 Foundation with the BW, DQ and VL subsets OpenBLAS's SkylakeX kernels use.
    public var avx512: Bool
    public var avx512BF16: Bool

    public init(
        vendor: String = "", family: Int = 0, model: Int = 0, avx: Bool = false, fma: Bool = false,
        avx2: Bool = false, avx512: Bool = false, avx512BF16: Bool = false
    ) {
        self.vendor = vendor
        self.family = family
        self.model = model
        self.avx = avx
        self.fma = fma
        self.avx2 = avx2
        self.avx512 = avx512
        self.avx512BF16 = avx512BF16
    }

    /// This machine's processor.
    public static let current: CPUFeatures = {
        func cpuid(_ leaf: UInt32, _ subleaf: UInt32 = 0) -> [UInt32] {
            var registers = [UInt32](repeating: 0, count: 4)
            registers.withUnsafeMutableBufferPointer { digits_cpuid(leaf, subleaf, $0.baseAddress) }
            return registers
        }
        func bit(_ value: UInt32, _ index: Int) -> Bool { value >> index & 1 == 1 }
        let leaf0 = cpuid(0)
        let vendor = String(
            decoding: [leaf0[1], leaf0[3], leaf0[2]].flatMap { word in
                (0..<4).map { UInt8(truncatingIfNeeded: word >> (8 * $0)) }
            }, as: UTF8.self)
        let leaf1 = cpuid(1)
        let (leaf7, leaf71) = (cpuid(7), cpuid(7, 1))
        let baseFamily = Int(leaf1[0] >> 8 & 0xF)
        let family = baseFamily == 0xF ? baseFamily + Int(leaf1[0] >> 20 & 0xFF) : baseFamily
        let model =
            Int(leaf1[0] >> 4 & 0xF) | (baseFamily == 6 || baseFamily == 0xF ? Int(leaf1[0] >> 16 & 0xF) << 4 : 0)
        // XCR0: bits 1–2 are the SSE and AVX (ymm) state, bits 5–7 the AVX-512 opmask and zmm state.
        let xcr0 = bit(leaf1[2], 27) ? digits_xgetbv0() : 0
        let osAVX = xcr0 & 0x6 == 0x6
        let osAVX512 = osAVX && xcr0 & 0xE0 == 0xE0
        let avx512 = osAVX512 && bit(leaf7[1], 16) && bit(leaf7[1], 17) && bit(leaf7[1], 30) && bit(leaf7[1], 31)
        return CPUFeatures(
            vendor: vendor, family: family, model: model,
            avx: osAVX && bit(leaf1[2], 28), fma: osAVX && bit(leaf1[2], 12), avx2: osAVX && bit(leaf7[1], 5),
            avx512: avx512, avx512BF16: avx512 && bit(leaf71[0], 5))
    }()

    /// "AVX-512 (F, BW, DQ, VL) + BF16", "AVX2 + FMA", …: the best of what is present.
    public var summary: String {
        if avx512 { return "AVX-512 (F, BW, DQ, VL)" + (avx512BF16 ? " + BF16" : "") }
        if avx2 && fma { return "AVX2 + FMA" }
        if avx { return "AVX" }
        return "SSE only"
    }
}
