import DigitsData
import DigitsModelCore
import DigitsRecognition
import Foundation

/// What a parser may do with any input: return a value, or throw one of its own documented errors.
/// Anything else (a crash, a trap, an out-of-bounds access ASan sees, an error of another type) is a
/// finding. libFuzzer reports crashes itself; this turns an unexpected error into one.
public func expectOnly<Parsed>(
    _ errorTypes: [any Error.Type], parser: String, _ parse: () throws -> Parsed
) -> Parsed? {
    do {
        return try parse()
    } catch {
        guard errorTypes.contains(where: { type(of: error) == $0 }) else {
            fatalError("\(parser) threw an error of an unexpected type \(type(of: error)): \(error)")
        }
        return nil
    }
}

/// The fuzzer's bytes as an array (libFuzzer passes a null pointer for the empty input).
public func bytes(_ start: UnsafePointer<UInt8>?, _ count: Int) -> [UInt8] {
    guard let start, count > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: start, count: count))
}

/// The fuzzer's bytes as a safetensors container, or nil when the container itself is refused
/// (with a `SafetensorsError`, its only documented error): the first step of every model-file target.
public func safetensors(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Safetensors? {
    let input = Data(bytes(start, count))
    return expectOnly([SafetensorsError.self], parser: "Safetensors") {
        try Safetensors.decode(input, path: "fuzz-input")
    }
}

/// A decoded image through the MNIST-style preprocessing, as `digits predict` does next: only a
/// `RecognitionError` may refuse it, and what comes out is always 28×28.
public func expectPreparable(_ image: GrayAlphaImage) {
    precondition(image.gray.count == image.width * image.height, "gray plane size differs from the image size")
    if let prepared = expectOnly(
        [RecognitionError.self], parser: "MNISTPreprocessor",
        {
            try MNISTPreprocessor.prepare(image, source: "fuzz-input")
        })
    {
        precondition(prepared.count == MNISTPreprocessor.side * MNISTPreprocessor.side)
    }
}
