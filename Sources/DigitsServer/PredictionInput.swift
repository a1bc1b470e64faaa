import DigitsRecognition
import Foundation
import Hummingbird

/// The image in a `POST /api/predict` body, in any of the accepted forms:
/// - a PNG or JPEG file as the raw body (`Content-Type: image/png` or `image/jpeg`);
/// - a PNG or JPEG data URL (`data:image/png;base64,…`), raw or as `{"image": "data:…"}`, what a canvas gives;
/// - `{"pixels": [...], "width": W, "height": H}`, gray levels 0–255 row-major (28×28 when the size is omitted).
public enum PredictionInput {
    /// The largest pixel array accepted (the same bound as a PNG).
    static let pixelLimit = ImageDecoder.pixelLimit

    /// The image a request carries, its body read up to `DigitsServer.maxBodyBytes`.
    static func image(of request: Request) async throws -> GrayAlphaImage {
        let body = try await request.body.collect(upTo: DigitsServer.maxBodyBytes)
        return try image(from: Data(buffer: body), contentType: request.headers[.contentType])
    }

    /// The image a request body carries; malformed input throws an `APIError` (a 4xx).
    public static func image(from body: Data, contentType: String?) throws -> GrayAlphaImage {
        guard !body.isEmpty else {
            throw APIError.badRequest("the request body is empty; send a PNG, a data URL or JSON pixels")
        }
        if body.starts(with: [0x89, 0x50, 0x4E, 0x47]) || body.starts(with: [0xFF, 0xD8, 0xFF])
            || contentType?.hasPrefix("image/") == true
        {
            return try decodeImage(body)
        }
        if body.starts(with: Data("data:".utf8)) { return try decodeDataURL(String(decoding: body, as: UTF8.self)) }
        let json: JSONBody
        do {
            json = try JSONDecoder().decode(JSONBody.self, from: body)
        } catch {
            throw APIError.badRequest(
                "the body is not a PNG, a JPEG, a data URL or valid JSON ({\"image\": \"data:image/png;base64,…\"} "
                    + "or {\"pixels\": […], \"width\": W, \"height\": H})")
        }
        if let image = json.image { return try decodeDataURL(image) }
        guard let pixels = json.pixels else {
            throw APIError.badRequest("the JSON needs \"image\" (a PNG or JPEG data URL) or \"pixels\"")
        }
        let side = MNISTPreprocessor.side
        let (width, height) = (json.width ?? side, json.height ?? side)
        // Each side is bounded before the product, which could otherwise overflow.
        guard width > 0, height > 0, width <= pixelLimit, height <= pixelLimit, width * height <= pixelLimit else {
            throw APIError.badRequest(
                "width and height must be positive and at most \(pixelLimit) pixels in all (got \(width)×\(height))")
        }
        guard pixels.count == width * height else {
            throw APIError.badRequest(
                "\(pixels.count) pixels given for a \(width)×\(height) image, which needs \(width * height)")
        }
        if let bad = pixels.firstIndex(where: { !(0...255).contains($0) }) {
            throw APIError.badRequest("pixel \(bad) is \(pixels[bad]), outside 0…255")
        }
        return GrayAlphaImage(width: width, height: height, gray: pixels.map { UInt8($0) })
    }

    private struct JSONBody: Decodable {
        let image: String?
        let pixels: [Int]?
        let width: Int?
        let height: Int?
    }

    private static func decodeDataURL(_ url: String) throws -> GrayAlphaImage {
        let prefixes = ["data:image/png;base64,", "data:image/jpeg;base64,"]
        guard let prefix = prefixes.first(where: url.hasPrefix),
            let data = Data(base64Encoded: String(url.dropFirst(prefix.count)))
        else {
            throw APIError.badRequest(
                "the image must be a base64 PNG or JPEG data URL (data:image/png;base64,… or data:image/jpeg;base64,…)")
        }
        return try decodeImage(data)
    }

    private static func decodeImage(_ data: Data) throws -> GrayAlphaImage {
        do {
            return try ImageDecoder.decode(data, source: "the uploaded image")
        } catch let error as RecognitionError {
            throw APIError(status: error.isTooLarge ? .contentTooLarge : .badRequest, reason: "\(error)")
        }
    }
}

extension RecognitionError {
    var isTooLarge: Bool {
        if case .tooLarge = self { true } else { false }
    }
}
