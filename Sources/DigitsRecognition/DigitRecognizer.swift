import DigitsCompute
import DigitsData
import DigitsModelCore
import DigitsModels
import Foundation

/// What the model made of one image.
public struct Recognition: Codable, Sendable, Equatable {
    public let digit: Int
    /// Per class: probabilities for networks and forests, margins for SVMs.
    public let probabilities: [Float]
    /// The 28×28 image the model saw, row-major, 0 background and 255 ink.
    public let input: [UInt8]

    public var confidence: Float { probabilities[digit] }
}

/// MNIST-style preprocessing followed by a model: the one path from a picture to a digit.
/// Safe to share between concurrent requests: the model is immutable and each call has its own buffers.
public struct DigitRecognizer: Sendable {
    public let model: TrainedModel
    public let backend: any ComputeBackend

    public init(model: TrainedModel, backend: any ComputeBackend) {
        self.model = model
        self.backend = backend
    }

    public func recognize(_ image: GrayAlphaImage, source: String) throws -> Recognition {
        try recognize(prepared: MNISTPreprocessor.prepare(image, source: source))
    }

    /// Classifies an image that is already 28×28 and MNIST-style.
    public func recognize(prepared: [UInt8]) throws -> Recognition {
        precondition(
            prepared.count == MNISTPreprocessor.side * MNISTPreprocessor.side, "a prepared image has 28×28 pixels")
        let batch = LabeledImages(
            images: prepared, labels: [0], rows: MNISTPreprocessor.side, columns: MNISTPreprocessor.side,
            classCount: model.classifier.classCount)
        let scores = try model.classifier.scores(for: batch, backend: backend)
        return Recognition(digit: rowMaxima(scores, columns: scores.count)[0], probabilities: scores, input: prepared)
    }
}
