import CTurboJPEG
import Foundation

/// Decodes JPEG files (baseline and progressive; gray, YCbCr, RGB, CMYK and YCCK) into 8-bit gray
/// through libjpeg-turbo's TurboJPEG API, then turns the picture upright as its EXIF orientation
/// says. The declared size is checked before any pixel memory is allocated: a photo with more than
/// `ImageDecoder.pixelLimit` pixels (a 48- or 108-megapixel phone's) is decoded at 1/2, 1/4 or 1/8
/// of its size, whichever is largest within the limit, by libjpeg-turbo's scaled inverse DCT, which
/// never makes the full-size picture; truncated or corrupt
/// data is an error, not a half-grey picture; progressive files may have at most 500 scans (a file
/// of endless tiny scans is a known way to spend minutes of CPU).
public enum JPEGDecoder {
    static let signature: [UInt8] = [0xFF, 0xD8, 0xFF]
    /// The sizes a photo is decoded at, as fractions 1/n of its own: those libjpeg-turbo scales to
    /// exactly.
    static let reductions = [1, 2, 4, 8]

    public static func decode(
        _ data: Data, source: String, pixelLimit: Int = ImageDecoder.pixelLimit
    ) throws -> GrayAlphaImage {
        guard !data.isEmpty else { throw RecognitionError.emptyFile(source: source) }
        guard data.starts(with: signature) else { throw RecognitionError.unsupportedFormat(source: source) }
        let bytes = [UInt8](data)
        guard let handle = tjInitDecompress() else {
            throw RecognitionError.unreadableJPEG(source: source, reason: "libjpeg-turbo could not start")
        }
        defer { tjDestroy(handle) }
        func failure() -> RecognitionError {
            .unreadableJPEG(source: source, reason: String(cString: tjGetErrorStr2(handle)))
        }
        var (width, height, subsampling, colorspace): (Int32, Int32, Int32, Int32) = (0, 0, 0, 0)
        guard
            tjDecompressHeader3(handle, bytes, UInt(bytes.count), &width, &height, &subsampling, &colorspace) == 0
        else { throw failure() }
        guard width > 0, height > 0 else {
            throw RecognitionError.unreadableJPEG(source: source, reason: "the frame header declares no pixels")
        }
        guard let (scaledWidth, scaledHeight) = decodedSize(width: Int(width), height: Int(height), limit: pixelLimit)
        else {
            throw RecognitionError.tooLarge(
                source: source, width: Int(width), height: Int(height),
                limit: pixelLimit * reductions.last! * reductions.last!)
        }
        // libjpeg-turbo turns YCbCr, RGB and gray into gray itself, but CMYK and YCCK only into CMYK.
        let isCMYK = colorspace == Int32(TJCS_CMYK.rawValue) || colorspace == Int32(TJCS_YCCK.rawValue)
        let format = isCMYK ? TJPF_CMYK : TJPF_GRAY
        var pixels = [UInt8](repeating: 0, count: scaledWidth * scaledHeight * (isCMYK ? 4 : 1))
        let flags = TJFLAG_ACCURATEDCT | TJFLAG_STOPONWARNING | TJFLAG_LIMITSCANS
        // Given the reduced size, libjpeg-turbo decodes at the largest scale that fits it: this one.
        let status = pixels.withUnsafeMutableBufferPointer {
            tjDecompress2(
                handle, bytes, UInt(bytes.count), $0.baseAddress, Int32(scaledWidth), 0, Int32(scaledHeight),
                Int32(format.rawValue), flags)
        }
        guard status == 0 else { throw failure() }
        let metadata = JPEGMetadata(bytes)
        let gray = isCMYK ? Self.gray(cmyk: pixels, inverted: metadata.hasAdobeSegment) : pixels
        return GrayAlphaImage(
            width: scaledWidth, height: scaledHeight, gray: gray, fileWidth: Int(width), fileHeight: Int(height)
        ).oriented(metadata.orientation)
    }

    /// The size a `width` × `height` photo is decoded at: the largest of `reductions` within `limit`
    /// pixels (a side of n pixels reduced 1/r has ⌈n/r⌉, as libjpeg-turbo rounds), or nil if even
    /// the smallest is over it.
    static func decodedSize(width: Int, height: Int, limit: Int) -> (width: Int, height: Int)? {
        for r in reductions {
            let (w, h) = ((width + r - 1) / r, (height + r - 1) / r)
            if w * h <= limit { return (w, h) }
        }
        return nil
    }

    /// Luminance of CMYK pixels (Rec. 601 weights on R = (1−C)(1−K) and so on). Adobe's files store
    /// 255 − value in every channel, so there R = C·K.
    static func gray(cmyk: [UInt8], inverted: Bool) -> [UInt8] {
        (0..<(cmyk.count / 4)).map { i in
            func light(_ channel: Int) -> Double {
                let (value, black) = (Double(cmyk[4 * i + channel]), Double(cmyk[4 * i + 3]))
                return inverted ? value * black / 255 : (255 - value) * (255 - black) / 255
            }
            return UInt8((0.299 * light(0) + 0.587 * light(1) + 0.114 * light(2)).rounded())
        }
    }
}
