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
        try recognize(preparedBatch: [prepared])[0]
    }

    /// Classifies many prepared images in one pass of the model (one GEMM per layer, not one per image).
    public func recognize(preparedBatch: [[UInt8]]) throws -> [Recognition] {
        let pixels = MNISTPreprocessor.side * MNISTPreprocessor.side
        precondition(preparedBatch.allSatisfy { $0.count == pixels }, "a prepared image has 28×28 pixels")
        guard !preparedBatch.isEmpty else { return [] }
        let classes = model.classifier.classCount
        let batch = LabeledImages(
            images: preparedBatch.flatMap { $0 }, labels: [UInt8](repeating: 0, count: preparedBatch.count),
            rows: MNISTPreprocessor.side, columns: MNISTPreprocessor.side, classCount: classes)
        let scores = try model.classifier.scores(for: batch, backend: backend)
        let digits = rowMaxima(scores, columns: classes)
        return preparedBatch.indices.map { i in
            Recognition(
                digit: digits[i], probabilities: Array(scores[(i * classes)..<((i + 1) * classes)]),
                input: preparedBatch[i])
        }
    }
}
