/// How convolution layers compute with a backend's products (`--conv`).
///
/// - `im2col`: every receptive field copied into a patch matrix, then one GEMM. The package's
///   specified path and the default; any kernel size, stride and padding.
/// - `winograd`: F(4×4, 3×3) (`WinogradTiling`): 36 smaller GEMMs with 4 times fewer
///   multiplications, for stride-1 3×3 convolutions; other convolutions still use im2col.
public enum ConvolutionAlgorithm: String, Sendable, CaseIterable, Codable {
    case im2col
    case winograd
}
