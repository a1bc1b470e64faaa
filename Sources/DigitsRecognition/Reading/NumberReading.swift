/// One digit of a number read from a picture.
public struct DigitReading: Codable, Sendable, Equatable {
    public let digit: Int
    public let confidence: Float
    /// Where the digit's ink is, in the input picture's pixels (after its EXIF orientation):
    /// `[x, y, width, height]`, `x` and `y` the top-left corner.
    public let box: [Int]
}

/// A whole number read from a picture: its digits left to right.
public struct NumberReading: Codable, Sendable, Equatable {
    public let digits: [DigitReading]

    /// The digits as text, leading zeros kept ("04521"): a ZIP code or an account number is not an integer.
    public var number: String { digits.map { String($0.digit) }.joined() }
    /// The chance that every digit is right, if the model's confidences are calibrated: their product.
    public var confidence: Float { digits.reduce(1) { $0 * $1.confidence } }
}
