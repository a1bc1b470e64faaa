import CPNG
import Foundation

/// Decodes PNG files of any kind libpng reads (gray, gray+alpha, RGB, RGBA, palette; 1–16 bits)
/// into 8-bit gray + alpha. The header is checked before any pixel memory is allocated, so a file
/// that claims 20000×20000 pixels costs nothing.
public enum PNGDecoder {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    public static func decode(_ data: Data, source: String) throws -> GrayAlphaImage {
        guard !data.isEmpty else { throw RecognitionError.emptyFile(source: source) }
        guard data.starts(with: signature) else { throw RecognitionError.notPNG(source: source) }
        // libpng keeps reading from the bytes until the pixels are finished: one pinned buffer for both steps.
        let bytes = [UInt8](data)
        return try bytes.withUnsafeBytes { raw in
            var image = png_image()
            defer { png_image_free(&image) }
            guard digits_png_begin(&image, raw.baseAddress, raw.count) != 0 else {
                throw RecognitionError.unreadablePNG(source: source, reason: message(of: image))
            }
            let (width, height) = (Int(image.width), Int(image.height))
            guard width * height <= ImageDecoder.pixelLimit else {
                throw RecognitionError.tooLarge(
                    source: source, width: width, height: height, limit: ImageDecoder.pixelLimit)
            }
            var buffer = [UInt8](repeating: 0, count: digits_png_gray_alpha_size(&image))
            guard buffer.withUnsafeMutableBufferPointer({ digits_png_finish_gray_alpha(&image, $0.baseAddress) }) != 0
            else {
                throw RecognitionError.unreadablePNG(source: source, reason: message(of: image))
            }
            var gray = [UInt8](repeating: 0, count: width * height)
            var alpha = [UInt8](repeating: 0, count: width * height)
            for i in 0..<(width * height) {
                gray[i] = buffer[2 * i]
                alpha[i] = buffer[2 * i + 1]
            }
            return GrayAlphaImage(width: width, height: height, gray: gray, alpha: alpha)
        }
    }

    private static func message(of image: png_image) -> String {
        var copy = image.message
        return withUnsafeBytes(of: &copy) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }
}
