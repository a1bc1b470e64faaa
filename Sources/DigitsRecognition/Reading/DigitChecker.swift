import DigitsCompute
import DigitsData
import DigitsModels
import Foundation

/// Tells one whole digit from the other things a cut through a line of handwriting yields: two
/// digits merged, a part of a digit, a digit with a piece of its neighbour. The recognizer alone
/// cannot: trained only on whole digits, it is confident about many a merged pair. The checker is a
/// network with an eleventh class, "not one digit", trained on candidates cut from composed
/// numbers of MNIST training digits (`make checker-model`, `Models/README.md`).
public struct DigitChecker: Sendable {
    public let recognizer: DigitRecognizer

    /// The ten digits, then "not one digit".
    public static let classCount = 11
    /// The class of every candidate that is not one whole digit.
    public static let notOneDigit = 10
    /// The bundled checker, read by `digits read` and `digits serve` when present.
    public static let bundledName = "Models/digit-checker.safetensors"
    /// The checker is never more than 99% sure a candidate is not one digit: a digit the recognizer
    /// reads with confidence, in a digit's shape, can still win against it (an odd wide 6 of the
    /// fixtures, which the checker took for two digits, was otherwise split).
    static let leastWholeness = 0.01

    /// A checker from a model with probabilities for the `classCount` classes; `path` names it in errors.
    public init(model: TrainedModel, backend: any ComputeBackend, path: String) throws {
        guard model.kind.givesProbabilities, model.classifier.classCount == Self.classCount else {
            throw RecognitionError.notAChecker(source: path, classes: model.classifier.classCount)
        }
        recognizer = DigitRecognizer(model: model, backend: backend)
    }

    /// The checker in `path`, or the bundled one when `path` is nil (nil when none is bundled).
    public static func load(_ path: String?, backend: any ComputeBackend) throws -> DigitChecker? {
        guard let path = path ?? BundledPath.existing(bundledName) else { return nil }
        return try DigitChecker(model: ModelRegistry.load(from: path), backend: backend, path: path)
    }

    /// For each prepared candidate, the checker's probability that it is one whole digit.
    func wholeness(_ inputs: [[UInt8]]) throws -> [Double] {
        try recognizer.recognize(preparedBatch: inputs).map { 1 - Double($0.probabilities[Self.notOneDigit]) }
    }

    /// The log of a wholeness, to add to the recognizer's log-confidence (weights 2 and 4 read no
    /// better than 1).
    static func logWholeness(_ wholeness: Double) -> Double { log(max(wholeness, leastWholeness)) }
}
