import Foundation
import Testing

@testable import DigitsRecognition

@Suite struct PNGDecoderTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    func path(_ name: String) -> String { Self.fixtures.appendingPathComponent(name).path }

    /// Every PNG flavour of the same dark-on-light digit (8/16-bit gray, RGB, RGBA on transparency,
    /// gray+alpha, palette) prepares to the same 28×28 input as the white-on-black original.
    @Test func everyFlavourGivesTheSameDigit() throws {
        let reference = try MNISTPreprocessor.prepare(
            ImageDecoder.decodeFile(atPath: path("white-on-black.png")), source: "reference")
        for name in ["gray8.png", "gray16.png", "rgb8.png", "rgba-transparent.png", "gray-alpha.png", "palette.png"] {
            let image = try ImageDecoder.decodeFile(atPath: path(name))
            #expect(image.width == 112 && image.height == 112, "\(name)")
            let prepared = try MNISTPreprocessor.prepare(image, source: name)
            #expect(correlation(prepared, reference) > 0.97, "\(name): \(correlation(prepared, reference))")
        }
    }

    @Test func badFilesGetClearErrors() {
        func failure(_ name: String) -> RecognitionError? {
            do {
                _ = try MNISTPreprocessor.prepare(ImageDecoder.decodeFile(atPath: path(name)), source: path(name))
                return nil
            } catch { return error as? RecognitionError }
        }
        #expect(failure("empty.png") == .emptyFile(source: path("empty.png")))
        #expect(failure("text.png") == .unsupportedFormat(source: path("text.png")))
        #expect(
            failure("bomb.png")
                == .tooLarge(source: path("bomb.png"), width: 20000, height: 20000, limit: ImageDecoder.pixelLimit))
        #expect(failure("tiny.png") == .tooSmall(source: path("tiny.png"), width: 1, height: 1, minimum: 8))
        #expect(failure("blank.png") == .blank(source: path("blank.png")))
        guard case .unreadablePNG(let source, let reason)? = failure("truncated.png") else {
            Issue.record("a truncated PNG must be reported as unreadable")
            return
        }
        #expect(source == path("truncated.png") && !reason.isEmpty)
        #expect(failure("missing.png").map { "\($0)".contains("missing.png") } == true)
    }
}
