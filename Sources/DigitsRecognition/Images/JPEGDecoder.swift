import CTurboJPEG
import Foundation

/// Decodes JPEG files (baseline and progressive; gray, YCbCr, RGB, CMYK and YCCK) into 8-bit gray
/// through libjpeg-turbo's TurboJPEG API, then turns the picture upright as its EXIF orientation
/// says. The declared size is checked before any pixel memory is allocated; truncated or corrupt
/// data is an error, not a half-grey picture; progressive files may have at most 500 scans (a file
/// of endless tiny scans is a known way to spend minutes of CPU).
public enum JPEGDecoder {
    static let signature: [UInt8] = [0xFF, 0xD8, 0xFF]

    public static func decode(_ data: Data, source: String) throws -> GrayAlphaImage {
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
        guard Int(width) * Int(height) <= ImageDecoder.pixelLimit else {
            throw RecognitionError.tooLarge(
                source: source, width: Int(width), height: Int(height), limit: ImageDecoder.pixelLimit)
        }
        // libjpeg-turbo turns YCbCr, RGB and gray into gray itself, but CMYK and YCCK only into CMYK.
        let isCMYK = colorspace == Int32(TJCS_CMYK.rawValue) || colorspace == Int32(TJCS_YCCK.rawValue)
        let format = isCMYK ? TJPF_CMYK : TJPF_GRAY
        let pixelCount = Int(width) * Int(height)
        var pixels = [UInt8](repeating: 0, count: pixelCount * (isCMYK ? 4 : 1))
        let flags = TJFLAG_ACCURATEDCT | TJFLAG_STOPONWARNING | TJFLAG_LIMITSCANS
        let status = pixels.withUnsafeMutableBufferPointer {
            tjDecompress2(
                handle, bytes, UInt(bytes.count), $0.baseAddress, width, 0, height, Int32(format.rawValue), flags)
        }
        guard status == 0 else { throw failure() }
        let metadata = JPEGMetadata(bytes)
        let gray = isCMYK ? Self.gray(cmyk: pixels, inverted: metadata.hasAdobeSegment) : pixels
        return GrayAlphaImage(width: Int(width), height: Int(height), gray: gray).oriented(metadata.orientation)
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
