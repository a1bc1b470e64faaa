import DigitsCompute
import DigitsData
import DigitsMetrics
import DigitsModelCore
import Foundation

/// A network together with the description it was built from: what `train` produces, a checkpoint
/// stores and `evaluate`, `predict` and `serve` use.
public struct NeuralNetwork: Sendable {
    public let architecture: NetworkArchitecture
    public var layers: Sequential

    /// A freshly initialised network (Glorot-uniform weights from `seed`).
    public init(architecture: NetworkArchitecture, seed: UInt64) throws {
        self.architecture = architecture
        layers = try architecture.makeNetwork(seed: seed)
    }

    init(architecture: NetworkArchitecture, layers: Sequential) {
        self.architecture = architecture
        self.layers = layers
    }

    /// Class probabilities `[count, classes]` for every image, computed in batches of `batchSize`.
    public func probabilities(
        for images: LabeledImages, backend: any ComputeBackend, batchSize: Int = 128
    ) throws -> Tensor {
        let expected = [1, images.rows, images.columns]
        guard expected == architecture.inputShape else {
            throw TrainingError.architectureMismatch(
                detail: "the network takes \(architecture.inputShape) inputs, the images are \(expected)")
        }
        var network = layers
        var context = LayerContext(backend: backend)
        var scalars = [Float]()
        scalars.reserveCapacity(images.count * architecture.classCount)
        for start in stride(from: 0, to: images.count, by: batchSize) {
            let batch = images.batch(start..<min(start + batchSize, images.count))
            let logits = network.forward(batch.images, mode: .inference, context: &context)
            scalars += SoftmaxCrossEntropy.probabilities(logits).scalars
        }
        return Tensor(shape: [images.count, architecture.classCount], scalars: scalars)
    }

    /// Mean cross-entropy and the predicted class of every image.
    public func evaluate(
        _ images: LabeledImages, backend: any ComputeBackend
    ) throws -> (loss: Double, predictions: [Int]) {
        let p = try probabilities(for: images, backend: backend)
        let classes = architecture.classCount
        let loss = logLoss(probabilities: p.scalars, labels: images.labels.map(Int.init), classCount: classes)
        return (loss, rowMaxima(p.scalars, columns: classes))
    }
}

extension NeuralNetwork: Classifier {
    public var classCount: Int { architecture.classCount }

    public func scores(for images: LabeledImages, backend: any ComputeBackend) throws -> [Float] {
        try probabilities(for: images, backend: backend).scalars
    }
}
