/// One digit of a number read from a picture.
public struct DigitReading: Codable, Sendable, Equatable {
    public let digit: Int
    public let confidence: Float
    /// Where the digit's ink is, in the input picture's pixels (after its EXIF orientation):
    /// `[x, y, width, height]`, `x` and `y` the top-left corner.
    public let box: [Int]
}

/// A whole number read from a picture: its digits left to right. Encoded as `{"number",
/// "confidence", "digits"}`, the shape `digits read --json` and `POST /api/read` answer with.
public struct NumberReading: Encodable, Sendable, Equatable {
    public let digits: [DigitReading]

    enum CodingKeys: String, CodingKey { case number, confidence, digits }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(number, forKey: .number)
        try container.encode(confidence, forKey: .confidence)
        try container.encode(digits, forKey: .digits)
    }

    /// The digits as text, leading zeros kept ("04521"): a ZIP code or an account number is not an integer.
    public var number: String { digits.map { String($0.digit) }.joined() }
    /// The chance that every digit is right, if the model's confidences are calibrated: their product.
    public var confidence: Float { digits.reduce(1) { $0 * $1.confidence } }
}
