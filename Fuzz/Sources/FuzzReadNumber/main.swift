import DigitsCompute
import DigitsModels
import DigitsRecognition
import Foundation
import FuzzSupport

/// One picture through `NumberReader`, the path `digits read` and `POST /api/read` take after
/// decoding: ink map, threshold, components, levelling, specks, cuts, grouping, classification.
/// The first two bytes give the width and height (8–31 pixels each: enough for a few digits), the
/// rest the gray levels, repeated to fill the picture. Bars a few pixels high make the line height
/// tiny and every piece many digits wide: thousands of candidate groupings, up to the 12,000 the
/// reader accepts (`NumberReader.maximumCandidates`), about 16 s under ASan (`Fuzz/run-fuzzers`
/// gives this target 60 s an input). The model is the bundled linear SVM, loaded once (fast to score).
/// Only a `RecognitionError` may refuse a picture; every reading must be well formed.
let reader: NumberReader = {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../Models/linear-svm.safetensors").standardized.path
    let model = try! ModelRegistry.load(from: path)
    return NumberReader(
        recognizer: DigitRecognizer(model: model, backend: ComputeBackendKind.blas.makeBackend(threads: 1)))
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReadNumber(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let input = bytes(start, count)
    guard input.count > 2 else { return 0 }
    let (width, height) = (8 + Int(input[0]) % 24, 8 + Int(input[1]) % 24)
    let levels = Array(input.dropFirst(2))
    let gray = (0..<(width * height)).map { levels[$0 % levels.count] }
    let image = GrayAlphaImage(width: width, height: height, gray: gray)
    guard
        let reading = expectOnly(
            [RecognitionError.self], parser: "NumberReader", { try reader.read(image, source: "fuzz-input") })
    else { return 0 }
    precondition(!reading.digits.isEmpty && reading.digits.count <= NumberReader.maximumMarks * 8, "digit count")
    for digit in reading.digits {
        precondition((0..<10).contains(digit.digit), "digit \(digit.digit)")
        let box = digit.box
        precondition(box.count == 4 && box[0] >= 0 && box[1] >= 0 && box[2] >= 1 && box[3] >= 1, "box \(box)")
        precondition(box[0] + box[2] <= width && box[1] + box[3] <= height, "box \(box) outside \(width)×\(height)")
        precondition(digit.confidence.isFinite && digit.confidence >= 0 && digit.confidence <= 1, "confidence")
    }
    return 0
}
