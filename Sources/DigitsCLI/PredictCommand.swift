import ArgumentParser
import Digits
import Foundation

/// Recognises the digit in each PNG or JPEG file, after the same MNIST-style preprocessing the web page uses.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict", abstract: "Recognise the handwritten digit in PNG or JPEG files.")

    @OptionGroup var compute: ComputeOptions

    @Argument(help: "PNG files (any size; gray, RGB, RGBA or palette; 8 or 16 bits) or JPEG files.")
    var files: [String]
    @Option(help: "Model file (default: the bundled Models/paper-cnn.safetensors).")
    var checkpoint: String?
    @Flag(help: "Print one JSON array: file, digit, confidence and all ten probabilities (or an error) per file.")
    var json = false

    struct Answer: Encodable {
        let digit: Int
        let confidence: Float
        let probabilities: [Float]
    }

    func run() throws {
        let model = try ModelRegistry.load(from: try checkpoint ?? ModelRegistry.defaultModelPath())
        let recognizer = DigitRecognizer(model: model, backend: compute.makeBackend())
        try EachFile.run(files, json: json) { (answer: Answer) in
            "\(answer.digit) (" + String(format: "%.3f", answer.confidence) + ")"
        } work: { file in
            let recognition = try recognizer.recognize(ImageDecoder.decodeFile(atPath: file), source: file)
            return Answer(
                digit: recognition.digit, confidence: recognition.confidence,
                probabilities: recognition.probabilities)
        }
    }
}
