import DigitsCompute
import DigitsData
import DigitsModels
import Foundation
import Testing

@testable import DigitsRecognition

/// Pearson correlation of two images: 1 for the same picture at any contrast, 0 for unrelated ones.
func correlation(_ a: [UInt8], _ b: [UInt8]) -> Double {
    let (x, y) = (a.map(Double.init), b.map(Double.init))
    let (mx, my) = (x.reduce(0, +) / Double(x.count), y.reduce(0, +) / Double(y.count))
    var (sxy, sxx, syy) = (0.0, 0.0, 0.0)
    for (u, v) in zip(x, y) {
        sxy += (u - mx) * (v - my)
        sxx += (u - mx) * (u - mx)
        syy += (v - my) * (v - my)
    }
    return sxy / (sxx * syy).squareRoot()
}

/// `pixels` (rows × columns, white on black) enlarged `factor` times by bilinear interpolation,
/// inverted to dark on light, and pasted at (left, top) on a white page of `pageWidth × pageHeight`.
func pageWithDigit(_ pixels: ArraySlice<UInt8>, factor: Int, left: Int, top: Int, pageWidth: Int, pageHeight: Int)
    -> GrayAlphaImage
{
    let source = Array(pixels)
    var page = [UInt8](repeating: 255, count: pageWidth * pageHeight)
    let size = 28 * factor
    for y in 0..<size {
        for x in 0..<size {
            let (fx, fy) = (
                max(0, (Double(x) + 0.5) / Double(factor) - 0.5), max(0, (Double(y) + 0.5) / Double(factor) - 0.5)
            )
            let (x0, y0) = (min(Int(fx), 27), min(Int(fy), 27))
            let (x1, y1) = (min(x0 + 1, 27), min(y0 + 1, 27))
            let (tx, ty) = (fx - Double(x0), fy - Double(y0))
            func p(_ xx: Int, _ yy: Int) -> Double { Double(source[yy * 28 + xx]) }
            let v = (p(x0, y0) * (1 - tx) + p(x1, y0) * tx) * (1 - ty) + (p(x0, y1) * (1 - tx) + p(x1, y1) * tx) * ty
            page[(top + y) * pageWidth + left + x] = UInt8(255 - v.rounded())
        }
    }
    return GrayAlphaImage(width: pageWidth, height: pageHeight, gray: page)
}

@Suite struct PreprocessingTests {
    static let mnist = Result { try Dataset.load(from: DatasetLocation.resolve(dataDirectory: nil)) }
    static let model = Result {
        try ModelRegistry.load(
            from: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("../../Models/paper-cnn.safetensors").standardized.path)
    }

    /// MNIST test digits, enlarged to 280×280, moved off centre on a larger page and inverted to dark
    /// on light, come back close to the originals (Pearson correlation, stated per digit) and get the
    /// same prediction from the default model.
    @Test func enlargedShiftedInvertedDigitsComeBack() throws {
        let test = try Self.mnist.get().test
        let recognizer = DigitRecognizer(
            model: try Self.model.get(), backend: ComputeBackendKind.blas.makeBackend(threads: 1))
        var correlations = [Double]()
        var agreements = 0
        let count = 50
        for index in 0..<count {
            let page = pageWithDigit(
                test.image(index), factor: 10, left: 37 + index % 5 * 11, top: 21 + index % 3 * 17,
                pageWidth: 400, pageHeight: 360)
            let prepared = try MNISTPreprocessor.prepare(page, source: "digit \(index)")
            correlations.append(correlation(prepared, Array(test.image(index))))
            let original = try recognizer.recognize(prepared: Array(test.image(index)))
            if try recognizer.recognize(prepared: prepared).digit == original.digit { agreements += 1 }
        }
        let mean = correlations.reduce(0, +) / Double(count)
        print(
            "round trip of \(count) MNIST digits: correlation mean \(mean), min \(correlations.min()!); same prediction \(agreements)/\(count)"
        )
        #expect(mean > 0.9, "mean correlation \(mean)")
        #expect(correlations.min()! > 0.75, "worst correlation \(correlations.min()!)")
        #expect(agreements == count, "\(agreements) of \(count) classified as the original")
    }

    /// Ink placed far off centre ends up with its centre of mass at the centre of the field.
    @Test func centreOfMassIsCentred() throws {
        var gray = [UInt8](repeating: 255, count: 100 * 60)
        for y in 5..<25 { for x in 70..<76 { gray[y * 100 + x] = 0 } }  // a vertical bar near the top right
        let prepared = try MNISTPreprocessor.prepare(GrayAlphaImage(width: 100, height: 60, gray: gray), source: "bar")
        var (mass, sx, sy) = (0.0, 0.0, 0.0)
        for y in 0..<28 {
            for x in 0..<28 {
                let v = Double(prepared[y * 28 + x])
                (mass, sx, sy) = (mass + v, sx + v * Double(x), sy + v * Double(y))
            }
        }
        #expect(abs(sx / mass - 14) <= 0.6 && abs(sy / mass - 14) <= 0.6, "centre \(sx / mass), \(sy / mass)")
        #expect(prepared.max() == 255, "ink is stretched to full intensity")
        // 20 rows tall: the box's long side is 20 pixels.
        let inkRows = (0..<28).filter { y in (0..<28).contains { prepared[y * 28 + $0] > 0 } }
        #expect(inkRows.count == 20)
    }

    @Test func blankAndTinyImagesAreRefused() {
        #expect(throws: RecognitionError.blank(source: "white")) {
            try MNISTPreprocessor.prepare(
                GrayAlphaImage(width: 50, height: 50, gray: Array(repeating: 255, count: 2500)), source: "white")
        }
        var speck = [UInt8](repeating: 255, count: 2500)
        speck[1275] = 0
        #expect(throws: RecognitionError.blank(source: "speck")) {
            try MNISTPreprocessor.prepare(GrayAlphaImage(width: 50, height: 50, gray: speck), source: "speck")
        }
        #expect(throws: RecognitionError.tooSmall(source: "dot", width: 1, height: 1, minimum: 8)) {
            try MNISTPreprocessor.prepare(GrayAlphaImage(width: 1, height: 1, gray: [0]), source: "dot")
        }
    }

    /// A 5000×5000 photo of a digit is handled, not refused.
    @Test func largeImageIsHandled() throws {
        let test = try Self.mnist.get().test
        let page = pageWithDigit(test.image(0), factor: 100, left: 1000, top: 1100, pageWidth: 5000, pageHeight: 5000)
        let prepared = try MNISTPreprocessor.prepare(page, source: "large")
        #expect(correlation(prepared, Array(test.image(0))) > 0.9)
    }
}

/// The 3×3 minimum and maximum filters against their direct form: every pixel the extreme of its
/// whole clipped window, erosion also taking the background beyond the edges into account.
@Suite struct StrokeFilterTests {
    static func direct(_ image: [Double], width: Int, height: Int, eroding: Bool) -> [Double] {
        var out = image
        for y in 0..<height {
            for x in 0..<width {
                var value = image[y * width + x]
                if eroding, x == 0 || y == 0 || x == width - 1 || y == height - 1 { value = min(value, 0) }
                for ny in max(0, y - 1)...min(height - 1, y + 1) {
                    for nx in max(0, x - 1)...min(width - 1, x + 1) {
                        value = eroding ? min(value, image[ny * width + nx]) : max(value, image[ny * width + nx])
                    }
                }
                out[y * width + x] = value
            }
        }
        return out
    }

    @Test(arguments: [(1, 1), (1, 7), (5, 1), (2, 3), (13, 9)])
    func separableMatchesDirect(width: Int, height: Int) {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15 &* UInt64(width * 31 + height)
        let image = (0..<(width * height)).map { _ -> Double in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 40) / Double(1 << 24)
        }
        for eroding in [true, false] {
            #expect(
                MNISTPreprocessor.filter3x3(image, width: width, height: height, eroding: eroding)
                    == Self.direct(image, width: width, height: height, eroding: eroding),
                "\(width)×\(height), eroding \(eroding)")
        }
    }
}
