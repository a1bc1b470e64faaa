import ArgumentParser
import Digits
import Foundation

/// Recognises the digit in each PNG file, after the same MNIST-style preprocessing the web page uses.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict", abstract: "Recognise the handwritten digit in PNG files.")

    @OptionGroup var compute: ComputeOptions

    @Argument(help: "PNG files (any size; gray, RGB, RGBA or palette; 8 or 16 bits).")
    var files: [String]
    @Option(help: "Model file (default: the bundled Models/paper-cnn.safetensors).")
    var checkpoint: String?
    @Flag(help: "Print one JSON array: file, digit and all ten probabilities (or an error) per file.")
    var json = false

    struct Output: Encodable {
        let file: String
        let digit: Int?
        let confidence: Float?
        let probabilities: [Float]?
        let error: String?
    }

    func run() throws {
        let model = try ModelRegistry.load(from: try checkpoint ?? ModelRegistry.defaultModelPath())
        let recognizer = DigitRecognizer(model: model, backend: compute.makeBackend())
        var outputs = [Output]()
        for file in files {
            do {
                let recognition = try recognizer.recognize(PNGDecoder.decodeFile(atPath: file), source: file)
                outputs.append(
                    Output(
                        file: file, digit: recognition.digit, confidence: recognition.confidence,
                        probabilities: recognition.probabilities, error: nil))
                if !json {
                    print("\(file): \(recognition.digit) (" + String(format: "%.3f", recognition.confidence) + ")")
                }
            } catch {
                outputs.append(Output(file: file, digit: nil, confidence: nil, probabilities: nil, error: "\(error)"))
                if !json { FileHandle.standardError.write(Data("error: \(error)\n".utf8)) }
            }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(outputs), as: UTF8.self))
        }
        let failed = outputs.filter { $0.error != nil }.count
        if failed > 0 {
            if json { FileHandle.standardError.write(Data("error: \(failed) of \(files.count) files failed\n".utf8)) }
            throw ExitCode.failure
        }
    }
}
