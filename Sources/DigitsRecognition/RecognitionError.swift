/// Why an image could not be recognised; each message names the input and the problem.
public enum RecognitionError: Error, Equatable, CustomStringConvertible {
    case emptyFile(source: String)
    case notPNG(source: String)
    case unreadablePNG(source: String, reason: String)
    case unsupportedFormat(source: String)
    case unreadableJPEG(source: String, reason: String)
    case tooLarge(source: String, width: Int, height: Int, limit: Int)
    case tooSmall(source: String, width: Int, height: Int, minimum: Int)
    case blank(source: String)
    case tooManyMarks(source: String, count: Int, limit: Int)
    case tooManyCandidates(source: String, count: Int, limit: Int)
    case badPixels(source: String, reason: String)
    case unreadable(source: String, reason: String)
    case notAChecker(source: String, classes: Int)

    public var description: String {
        switch self {
        case .emptyFile(let source): "\(source): the file is empty"
        case .notPNG(let source): "\(source): not a PNG image (its first bytes are not the PNG signature)"
        case .unreadablePNG(let source, let reason): "\(source): cannot decode the PNG: \(reason)"
        case .unsupportedFormat(let source):
            "\(source): not a PNG or JPEG image (its first bytes are neither signature)"
        case .unreadableJPEG(let source, let reason): "\(source): cannot decode the JPEG: \(reason)"
        case .tooLarge(let source, let width, let height, let limit):
            "\(source): the image claims \(width)×\(height) pixels, more than the \(limit / 1_000_000) million accepted"
        case .tooSmall(let source, let width, let height, let minimum):
            "\(source): the image is \(width)×\(height) pixels; a digit needs at least \(minimum)×\(minimum)"
        case .blank(let source): "\(source): no digit found: the image is blank or nearly blank"
        case .tooManyMarks(let source, let count, let limit):
            "\(source): \(count) separate marks, more than the \(limit) a number can have: this looks like text or texture"
        case .tooManyCandidates(let source, let count, let limit):
            "\(source): \(count) ways to part the ink into digits, more than the \(limit) a line of digits gives: this looks like texture, not a number"
        case .badPixels(let source, let reason): "\(source): \(reason)"
        case .unreadable(let source, let reason): "\(source): cannot read: \(reason)"
        case .notAChecker(let source, let classes):
            "\(source): not a digit checker: it scores \(classes) classes, a checker the ten digits and \"not one digit\""
        }
    }
}
