import DigitsRecognition
import Foundation
import FuzzSupport

/// One file through what `digits predict` and `digits read` do with a JPEG before the model: the
/// marker scan for EXIF orientation and Adobe's segment, libjpeg-turbo decoding (any size it
/// claims is checked first), the turn upright, then the MNIST-style preprocessing.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJPEG(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let input = bytes(start, count)
    precondition((1...8).contains(JPEGMetadata(input).orientation), "orientation outside 1–8")
    guard
        let image = expectOnly(
            [RecognitionError.self], parser: "ImageDecoder",
            {
                try ImageDecoder.decode(Data(input), source: "fuzz-input")
            })
    else { return 0 }
    expectPreparable(image)
    return 0
}
