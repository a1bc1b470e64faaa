import Foundation

/// Decodes any picture Digits accepts, PNG or JPEG, told apart by their first bytes (not the file
/// name), into 8-bit gray + alpha. Every decoder checks the declared size against `pixelLimit` before
/// it allocates pixel memory, so a file that lies about its size costs nothing.
public enum ImageDecoder {
    /// The most pixels decoded: 40 million (a 5000×5000 picture fits). A PNG with more is refused; a
    /// JPEG with more (a 48-megapixel photo) is decoded at a reduced size within it (`JPEGDecoder`).
    public static let pixelLimit = 40_000_000

    public static func decode(_ data: Data, source: String) throws -> GrayAlphaImage {
        guard !data.isEmpty else { throw RecognitionError.emptyFile(source: source) }
        if data.starts(with: PNGDecoder.signature) { return try PNGDecoder.decode(data, source: source) }
        if data.starts(with: JPEGDecoder.signature) { return try JPEGDecoder.decode(data, source: source) }
        throw RecognitionError.unsupportedFormat(source: source)
    }

    public static func decodeFile(atPath path: String) throws -> GrayAlphaImage {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw RecognitionError.unreadable(source: path, reason: (error as NSError).localizedDescription)
        }
        return try decode(data, source: path)
    }
}
