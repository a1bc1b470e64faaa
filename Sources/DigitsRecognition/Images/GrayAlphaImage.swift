/// An image as 8-bit gray and alpha planes, row-major: what every input (a PNG file, a canvas
/// export, a JSON pixel array) becomes before MNIST-style preprocessing.
public struct GrayAlphaImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public let gray: [UInt8]
    /// 255 is opaque, 0 transparent.
    public let alpha: [UInt8]
    /// The size of the file's own picture (upright) that this image shows: larger than `width` ×
    /// `height` only where a photo too big to decode whole was decoded at a reduced size, so that
    /// what is found in the image can still be told in the file's pixels (`inFilePixels`).
    public let fileWidth: Int
    public let fileHeight: Int

    public init(
        width: Int, height: Int, gray: [UInt8], alpha: [UInt8]? = nil, fileWidth: Int? = nil, fileHeight: Int? = nil
    ) {
        precondition(
            width > 0 && height > 0 && gray.count == width * height, "\(gray.count) pixels for \(width)×\(height)")
        precondition(alpha == nil || alpha!.count == gray.count, "the alpha plane must match the gray plane")
        self.width = width
        self.height = height
        self.gray = gray
        self.alpha = alpha ?? Array(repeating: 255, count: gray.count)
        self.fileWidth = fileWidth ?? width
        self.fileHeight = fileHeight ?? height
        precondition(self.fileWidth >= width && self.fileHeight >= height, "a file smaller than its picture")
    }

    /// The rectangle `[x, y, width, height]` of this image's pixels as the file's pixels: the same
    /// rectangle unless the image was decoded reduced, then scaled up, never past the file's edge.
    public func inFilePixels(_ box: [Int]) -> [Int] {
        guard fileWidth != width || fileHeight != height else { return box }
        let (sx, sy) = (Double(fileWidth) / Double(width), Double(fileHeight) / Double(height))
        let (x0, y0) = (Int((Double(box[0]) * sx).rounded(.down)), Int((Double(box[1]) * sy).rounded(.down)))
        let x1 = min(fileWidth, Int((Double(box[0] + box[2]) * sx).rounded(.up)))
        let y1 = min(fileHeight, Int((Double(box[1] + box[3]) * sy).rounded(.up)))
        return [x0, y0, x1 - x0, y1 - y0]
    }
}

extension GrayAlphaImage {
    /// The image as it is meant to be seen, given its EXIF orientation (1–8): 2 mirrors it, 3 turns it
    /// half round, 4 flips it, 5 transposes it, 6 turns it a quarter clockwise, 7 transverses it and
    /// 8 turns it a quarter anticlockwise. Other values leave it as stored.
    public func oriented(_ orientation: Int) -> GrayAlphaImage {
        guard (2...8).contains(orientation) else { return self }
        let (w, h) = (width, height)
        let swapsSides = orientation >= 5
        let (outWidth, outHeight) = swapsSides ? (h, w) : (w, h)
        // The stored pixel shown at (x, y).
        func stored(_ x: Int, _ y: Int) -> Int {
            switch orientation {
            case 2: y * w + (w - 1 - x)
            case 3: (h - 1 - y) * w + (w - 1 - x)
            case 4: (h - 1 - y) * w + x
            case 5: x * w + y
            case 6: (h - 1 - x) * w + y
            case 7: (h - 1 - x) * w + (w - 1 - y)
            default: x * w + (w - 1 - y)
            }
        }
        var (outGray, outAlpha) = ([UInt8](repeating: 0, count: gray.count), [UInt8](repeating: 0, count: gray.count))
        for y in 0..<outHeight {
            for x in 0..<outWidth {
                let source = stored(x, y)
                outGray[y * outWidth + x] = gray[source]
                outAlpha[y * outWidth + x] = alpha[source]
            }
        }
        return GrayAlphaImage(
            width: outWidth, height: outHeight, gray: outGray, alpha: outAlpha,
            fileWidth: swapsSides ? fileHeight : fileWidth, fileHeight: swapsSides ? fileWidth : fileHeight)
    }
}

extension GrayAlphaImage {
    /// The rectangle `[x, y, width, height]` of the image, which must lie inside it: a picture of its
    /// own, whose pixels are its file's.
    public func cropped(_ box: [Int]) -> GrayAlphaImage {
        let (x0, y0, w, h) = (box[0], box[1], box[2], box[3])
        precondition(
            x0 >= 0 && y0 >= 0 && w > 0 && h > 0 && x0 + w <= width && y0 + h <= height,
            "\(box) outside \(width)×\(height)")
        var (outGray, outAlpha) = ([UInt8](), [UInt8]())
        outGray.reserveCapacity(w * h)
        outAlpha.reserveCapacity(w * h)
        for y in y0..<(y0 + h) {
            outGray.append(contentsOf: gray[(y * width + x0)..<(y * width + x0 + w)])
            outAlpha.append(contentsOf: alpha[(y * width + x0)..<(y * width + x0 + w)])
        }
        return GrayAlphaImage(width: w, height: h, gray: outGray, alpha: outAlpha)
    }
}
