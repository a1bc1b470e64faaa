/// The sizes of one 2-D convolution (or pooling) window sliding over a `[channels, height, width]`
/// image, and the output size they give: `out = (in + 2·padding − kernel) / stride + 1`.
public struct ConvGeometry: Sendable, Equatable, CustomStringConvertible {
    public let channels: Int
    public let height: Int
    public let width: Int
    public let kernelHeight: Int
    public let kernelWidth: Int
    public let stride: Int
    public let padding: Int

    public init(
        channels: Int, height: Int, width: Int, kernelHeight: Int, kernelWidth: Int,
        stride: Int = 1, padding: Int = 0
    ) throws {
        self.channels = channels
        self.height = height
        self.width = width
        self.kernelHeight = kernelHeight
        self.kernelWidth = kernelWidth
        self.stride = stride
        self.padding = padding
        guard channels > 0, height > 0, width > 0, kernelHeight > 0, kernelWidth > 0, stride > 0, padding >= 0,
            height + 2 * padding >= kernelHeight, width + 2 * padding >= kernelWidth
        else {
            throw ComputeError.invalidDimensions(operation: "convolution", detail: description)
        }
    }

    public var outputHeight: Int { (height + 2 * padding - kernelHeight) / stride + 1 }
    public var outputWidth: Int { (width + 2 * padding - kernelWidth) / stride + 1 }
    /// Pixels of one output channel.
    public var outputPixels: Int { outputHeight * outputWidth }
    /// Scalars in one receptive field: the inner dimension of the convolution as a GEMM.
    public var patchSize: Int { channels * kernelHeight * kernelWidth }
    /// Scalars in one input image.
    public var imageSize: Int { channels * height * width }

    public var description: String {
        "\(channels)×\(height)×\(width) image, \(kernelHeight)×\(kernelWidth) kernel, stride \(stride), padding \(padding)"
    }
}
