@testable import DigitsRecognition

extension GrayAlphaImage {
    /// The image shrunk `factor` times each way, each pixel the rounded mean of the `factor` ×
    /// `factor` it covers (a last part row or column is dropped).
    func averaged(by factor: Int) -> GrayAlphaImage {
        let (outWidth, outHeight) = (width / factor, height / factor)
        var out = [UInt8](repeating: 0, count: outWidth * outHeight)
        for y in 0..<outHeight {
            for x in 0..<outWidth {
                var sum = 0
                for dy in 0..<factor {
                    for dx in 0..<factor { sum += Int(gray[(factor * y + dy) * width + factor * x + dx]) }
                }
                out[y * outWidth + x] = UInt8((sum + factor * factor / 2) / (factor * factor))
            }
        }
        return GrayAlphaImage(width: outWidth, height: outHeight, gray: out)
    }
}
