import Foundation
import Testing

@testable import DigitsRecognition

@Suite struct JPEGDecoderTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    func path(_ name: String) -> String { Self.fixtures.appendingPathComponent(name).path }

    /// The mean absolute difference of two same-sized pictures' gray levels.
    func meanDifference(_ a: GrayAlphaImage, _ b: GrayAlphaImage) -> Double {
        zip(a.gray, b.gray).map { abs(Double($0) - Double($1)) }.reduce(0, +) / Double(a.gray.count)
    }

    /// Baseline gray, progressive RGB and Adobe CMYK JPEGs (`make_jpeg_fixtures.py`) decode to the
    /// same page as the lossless PNG they were made from, to within JPEG's loss: the same gray levels,
    /// not inverted ones, so CMYK's inversion is undone.
    @Test func everyFlavourGivesThePage() throws {
        let reference = try ImageDecoder.decodeFile(atPath: path("gray8.png"))
        for name in ["baseline-gray.jpg", "progressive-rgb.jpg", "cmyk.jpg"] {
            let image = try ImageDecoder.decodeFile(atPath: path(name))
            #expect(image.width == reference.width && image.height == reference.height, "\(name)")
            let difference = meanDifference(image, reference)
            #expect(difference < 6, "\(name): mean difference \(difference) gray levels")
        }
    }

    /// Pictures stored turned, with EXIF orientation 3, 6 or 8, come out upright: the same size and
    /// pixels as the upright file.
    @Test func exifOrientationIsHonoured() throws {
        let upright = try ImageDecoder.decodeFile(atPath: path("upright.jpg"))
        #expect(upright.width == 112 && upright.height == 80)
        for orientation in [3, 6, 8] {
            let name = "orientation-\(orientation).jpg"
            #expect(
                JPEGMetadata([UInt8](try Data(contentsOf: Self.fixtures.appendingPathComponent(name)))).orientation
                    == orientation)
            let image = try ImageDecoder.decodeFile(atPath: path(name))
            #expect(image.width == upright.width && image.height == upright.height, "\(name)")
            let difference = meanDifference(image, upright)
            #expect(difference < 4, "\(name): mean difference \(difference) gray levels from upright")
        }
    }

    /// A photo over the pixel limit is decoded at the largest of 1/2, 1/4 and 1/8 of its size within
    /// it, close to the full picture averaged down, and keeps its file's size, upright; one over the
    /// limit even at 1/8 is refused, with the largest JPEG accepted named.
    @Test func aPhotoOverTheLimitIsDecodedReduced() throws {
        let data = try Data(contentsOf: Self.fixtures.appendingPathComponent("upright.jpg"))
        let full = try JPEGDecoder.decode(data, source: "upright.jpg")
        #expect(full.width == 112 && full.height == 80 && full.fileWidth == 112 && full.fileHeight == 80)
        for (limit, reduction) in [(8960, 1), (8959, 2), (2240, 2), (2239, 4), (560, 4), (559, 8), (140, 8)] {
            let image = try JPEGDecoder.decode(data, source: "upright.jpg", pixelLimit: limit)
            #expect(image.width == 112 / reduction && image.height == 80 / reduction, "limit \(limit)")
            #expect(image.fileWidth == 112 && image.fileHeight == 80, "limit \(limit)")
            let difference = meanDifference(image, full.averaged(by: reduction))
            #expect(difference < 3, "limit \(limit): mean difference \(difference) gray levels")
        }
        #expect(throws: RecognitionError.tooLarge(source: "upright.jpg", width: 112, height: 80, limit: 139 * 64)) {
            try JPEGDecoder.decode(data, source: "upright.jpg", pixelLimit: 139)
        }
        let sideways = try JPEGDecoder.decode(
            Data(contentsOf: Self.fixtures.appendingPathComponent("orientation-6.jpg")), source: "sideways",
            pixelLimit: 2240)
        #expect(sideways.width == 56 && sideways.height == 40 && sideways.fileWidth == 112 && sideways.fileHeight == 80)
        // A side of n pixels reduced 1/r has ⌈n/r⌉ of them.
        #expect(JPEGDecoder.decodedSize(width: 8001, height: 6001, limit: 40_000_000)! == (4001, 3001))
    }

    /// A box in a reduced picture's pixels covers the same part of the file, and never reaches past
    /// its edge; at full size it is unchanged.
    @Test func boxesAreToldInTheFilesPixels() {
        let gray = [UInt8](repeating: 0, count: 56 * 40)
        let reduced = GrayAlphaImage(width: 56, height: 40, gray: gray, fileWidth: 111, fileHeight: 79)
        #expect(reduced.inFilePixels([10, 5, 3, 4]) == [19, 9, 7, 9])
        #expect(reduced.inFilePixels([50, 0, 6, 40]) == [99, 0, 12, 79])
        #expect(GrayAlphaImage(width: 56, height: 40, gray: gray).inFilePixels([50, 0, 6, 40]) == [50, 0, 6, 40])
    }

    /// Every orientation's mapping, on a 3×2 picture with distinct pixels.
    @Test func orientationsMoveEveryPixel() {
        let stored = GrayAlphaImage(width: 3, height: 2, gray: [1, 2, 3, 4, 5, 6])
        let expected: [Int: (Int, Int, [UInt8])] = [
            1: (3, 2, [1, 2, 3, 4, 5, 6]), 2: (3, 2, [3, 2, 1, 6, 5, 4]), 3: (3, 2, [6, 5, 4, 3, 2, 1]),
            4: (3, 2, [4, 5, 6, 1, 2, 3]), 5: (2, 3, [1, 4, 2, 5, 3, 6]), 6: (2, 3, [4, 1, 5, 2, 6, 3]),
            7: (2, 3, [6, 3, 5, 2, 4, 1]), 8: (2, 3, [3, 6, 2, 5, 1, 4]),
        ]
        for (orientation, (width, height, gray)) in expected {
            let shown = stored.oriented(orientation)
            #expect(shown.width == width && shown.height == height && shown.gray == gray, "orientation \(orientation)")
        }
    }

    /// The EXIF reader finds the tag in either byte order and survives lying lengths and offsets.
    @Test func metadataReaderIsBoundsChecked() {
        func jpeg(exif tiff: [UInt8]) -> [UInt8] {
            let body = Array("Exif".utf8) + [0, 0] + tiff
            let length = body.count + 2
            return [0xFF, 0xD8, 0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + body + [0xFF, 0xDA, 0, 2]
        }
        let little: [UInt8] = [0x49, 0x49, 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0]
        let big: [UInt8] = [0x4D, 0x4D, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 8, 0, 0]
        #expect(JPEGMetadata(jpeg(exif: little)).orientation == 6)
        #expect(JPEGMetadata(jpeg(exif: big)).orientation == 8)
        // An IFD offset past the end, an entry cut short, a segment longer than the file.
        var lying = little
        lying[4] = 200
        #expect(JPEGMetadata(jpeg(exif: lying)).orientation == 1)
        #expect(JPEGMetadata(jpeg(exif: Array(little.prefix(16)))).orientation == 1)
        var long = jpeg(exif: little)
        long[4] = 0xFF
        #expect(JPEGMetadata(long).orientation == 1)
        #expect(JPEGMetadata([0xFF, 0xD8]).orientation == 1)
    }

    @Test func badFilesGetClearErrors() {
        func failure(_ name: String) -> RecognitionError? {
            do {
                _ = try ImageDecoder.decodeFile(atPath: path(name))
                return nil
            } catch { return error as? RecognitionError }
        }
        #expect(
            failure("bomb.jpg")
                == .tooLarge(
                    source: path("bomb.jpg"), width: 60000, height: 60000, limit: ImageDecoder.pixelLimit * 64))
        for name in ["truncated.jpg", "jpeg.png"] {
            guard case .unreadableJPEG(let source, let reason)? = failure(name) else {
                Issue.record("\(name) must be reported as an unreadable JPEG, got \(String(describing: failure(name)))")
                continue
            }
            #expect(source == path(name) && !reason.isEmpty)
        }
        #expect(failure("text.png") == .unsupportedFormat(source: path("text.png")))
    }
}
