import DigitsRecognition
import DigitsServer
import Foundation
import FuzzSupport

/// One `POST /api/predict` body (JSON pixels, a PNG data URL bare or in JSON, or a raw PNG), read as
/// the server reads it, then prepared for the model. The first byte picks the Content-Type header
/// (none, `image/png` or `application/json`); the rest is the body. Refusals must be `APIError`s
/// (a 4xx), or `RecognitionError`s from preprocessing (the server's 422).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPredictBody(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let input = bytes(start, count)
    guard let selector = input.first else { return 0 }
    let contentType = [nil, "image/png", "application/json"][Int(selector) % 3]
    guard
        let image = expectOnly(
            [APIError.self], parser: "PredictionInput",
            {
                try PredictionInput.image(from: Data(input.dropFirst()), contentType: contentType)
            })
    else { return 0 }
    _ = expectOnly(
        [RecognitionError.self], parser: "MNISTPreprocessor",
        {
            try MNISTPreprocessor.prepare(image, source: "fuzz-input")
        })
    return 0
}
