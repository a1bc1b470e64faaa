/// An image as 8-bit gray and alpha planes, row-major: what every input (a PNG file, a canvas
/// export, a JSON pixel array) becomes before MNIST-style preprocessing.
public struct GrayAlphaImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public let gray: [UInt8]
    /// 255 is opaque, 0 transparent.
    public let alpha: [UInt8]

    public init(width: Int, height: Int, gray: [UInt8], alpha: [UInt8]? = nil) {
        precondition(
            width > 0 && height > 0 && gray.count == width * height, "\(gray.count) pixels for \(width)×\(height)")
        precondition(alpha == nil || alpha!.count == gray.count, "the alpha plane must match the gray plane")
        self.width = width
        self.height = height
        self.gray = gray
        self.alpha = alpha ?? Array(repeating: 255, count: gray.count)
    }
}
