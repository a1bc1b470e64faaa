import ArgumentParser
import Digits
import Foundation

/// Reads the whole handwritten number in each photo or scan.
struct ReadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read", abstract: "Read the handwritten number (one line of digits) in PNG or JPEG files.")

    @OptionGroup var compute: ComputeOptions

    @Argument(help: "PNG or JPEG files: photos or scans of one handwritten number each.")
    var files: [String]
    @Option(help: "Model file (default: the bundled Models/paper-cnn.safetensors).")
    var checkpoint: String?
    @OptionGroup var checker: CheckerOptions
    @Flag(
        help: """
            Print one JSON array: per file {"file", "number", "confidence", "digits": [{"digit", "confidence", \
            "box": [x, y, w, h]}]} (boxes in the file's pixels, after its EXIF orientation), or {"file", "error"}.
            """)
    var json = false

    func run() throws {
        let model = try ModelRegistry.load(from: try checkpoint ?? ModelRegistry.defaultModelPath())
        let backend = compute.makeBackend()
        let reader = NumberReader(
            recognizer: DigitRecognizer(model: model, backend: backend),
            checker: try checker.load(backend: backend))
        try EachFile.run(files, json: json) { (answer: NumberReading) in
            let digits = answer.digits.map { "\($0.digit) " + String(format: "%.3f", $0.confidence) }
            return "\(answer.number) (" + String(format: "%.3f", answer.confidence) + "; "
                + digits.joined(separator: ", ") + ")"
        } work: { file in
            try reader.read(ImageDecoder.decodeFile(atPath: file), source: file)
        }
    }
}
