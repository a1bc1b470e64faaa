import DigitsCompute
import DigitsData
import DigitsModelCore
import Foundation

/// The images a run uses: training, an optional validation set held out of training, and the test set
/// (reported after each epoch, never used to choose anything).
public struct TrainingData: Sendable {
    public var training: LabeledImages
    public var validation: LabeledImages?
    public var test: LabeledImages

    /// Splits `validationFraction` of `training` off for validation, reproducibly from `seed`.
    public init(training: LabeledImages, test: LabeledImages, validationFraction: Double, seed: UInt64) {
        if validationFraction > 0 {
            let parts = training.split(validationFraction: validationFraction, seed: seed)
            self.training = parts.training
            validation = parts.validation
        } else {
            self.training = training
            validation = nil
        }
        self.test = test
    }
}

/// Progress within an epoch, reported after every batch.
public struct BatchProgress: Sendable {
    public let epoch: Int
    public let epochs: Int
    public let batch: Int
    public let batches: Int
    /// Running means over the epoch so far.
    public let loss: Double
    public let accuracy: Double
    public let imagesPerSecond: Double
    public let secondsRemaining: Double
}

public enum TrainingEvent: Sendable {
    case batch(BatchProgress)
    case epoch(EpochRecord)
}

/// Mini-batch training with a checkpoint after every epoch.
///
/// Randomness is drawn per epoch from streams split off the seed (shuffle order, dropout masks,
/// augmentation), so a run resumed from the checkpoint of epoch `e` continues exactly as the
/// uninterrupted run would have.
public struct Trainer {
    public var backend: any ComputeBackend
    /// Where to save after each epoch (nil: no checkpoints).
    public var checkpointPath: String?
    public var report: (TrainingEvent) -> Void

    public init(
        backend: any ComputeBackend, checkpointPath: String? = nil, report: @escaping (TrainingEvent) -> Void = { _ in }
    ) {
        self.backend = backend
        self.checkpointPath = checkpointPath
        self.report = report
    }

    /// Trains a fresh network for `architecture`.
    public func train(_ architecture: NetworkArchitecture, configuration: TrainingConfiguration, data: TrainingData)
        throws -> NetworkCheckpoint
    {
        try configuration.validate()
        let network = try NeuralNetwork(architecture: architecture, seed: configuration.seed)
        let start = NetworkCheckpoint(
            network: network, training: TrainingState(configuration: configuration),
            optimizer: Optimizer(rule: configuration.optimizer))
        return try resume(start, data: data)
    }

    /// Continues the run recorded in `checkpoint` until its configured number of epochs.
    public func resume(_ checkpoint: NetworkCheckpoint, data: TrainingData) throws -> NetworkCheckpoint {
        guard var state = checkpoint.training, var optimizer = checkpoint.optimizer else {
            throw TrainingError.invalidSetting(
                "the checkpoint holds a finished model without training or optimizer state; it cannot be resumed")
        }
        let configuration = state.configuration
        try configuration.validate()
        var network = checkpoint.network
        let inputShape = [1, data.training.rows, data.training.columns]
        guard inputShape == network.architecture.inputShape, data.training.classCount == network.architecture.classCount
        else {
            throw TrainingError.architectureMismatch(
                detail:
                    "the network takes \(network.architecture.inputShape) inputs and \(network.architecture.classCount) classes, the data has \(inputShape) and \(data.training.classCount)"
            )
        }
        retainFreedMemoryForReuse()
        // Each optimizer step leaves the gradients at zero for the next batch.
        network.layers.zeroGradients()
        let streams = SplitMix64(seed: configuration.seed)
        for epoch in stride(from: state.completedEpochs + 1, through: configuration.epochs, by: 1) {
            var context = LayerContext(backend: backend, rng: streams.split(index: 2 * UInt64(epoch)))
            var augmentationRNG = streams.split(index: 2 * UInt64(epoch) + 1)
            let augmentation = configuration.augment ? Augmentation() : nil
            let order = data.training.shuffledOrder(seed: configuration.seed, epoch: epoch)
            let batches = (order.count + configuration.batchSize - 1) / configuration.batchSize
            var (lossSum, correct, seen) = (0.0, 0, 0)
            let started = Date()
            for batch in 0..<batches {
                let indices = order[
                    (batch * configuration.batchSize)..<min(order.count, (batch + 1) * configuration.batchSize)]
                let (images, labels) = data.training.batch(indices, augmentation: augmentation, using: &augmentationRNG)
                let logits = network.layers.forward(images, mode: .training, context: &context)
                let result = SoftmaxCrossEntropy.evaluate(logits: logits, labels: labels)
                guard result.loss.isFinite else {
                    throw TrainingError.nonFiniteLoss(
                        epoch: epoch, batch: batch + 1, loss: result.loss,
                        checkpoint: state.completedEpochs > 0 ? checkpointPath : nil)
                }
                _ = network.layers.backward(result.gradient, context: &context)
                optimizer.step(&network.layers, threads: backend.threads)
                lossSum += result.loss * Double(labels.count)
                correct += result.correct
                seen += labels.count
                let elapsed = Date().timeIntervalSince(started)
                report(
                    .batch(
                        BatchProgress(
                            epoch: epoch, epochs: configuration.epochs, batch: batch + 1, batches: batches,
                            loss: lossSum / Double(seen), accuracy: Double(correct) / Double(seen),
                            imagesPerSecond: Double(seen) / max(elapsed, 1e-9),
                            secondsRemaining: elapsed / Double(seen) * Double(order.count - seen))))
            }
            let trainingSeconds = Date().timeIntervalSince(started)
            guard network.layers.parameters.allSatisfy({ $0.value.scalars.allSatisfy(\.isFinite) }) else {
                throw TrainingError.nonFiniteLoss(
                    epoch: epoch, batch: batches, loss: .nan,
                    checkpoint: state.completedEpochs > 0 ? checkpointPath : nil)
            }
            let evaluationStart = Date()
            let validation = try data.validation.map { try network.evaluate($0, backend: backend) }
            let test = try network.evaluate(data.test, backend: backend)
            let record = EpochRecord(
                epoch: epoch, trainingLoss: lossSum / Double(seen), trainingAccuracy: Double(correct) / Double(seen),
                validationLoss: validation?.loss,
                validationAccuracy: validation.map { accuracy($0.predictions, labels: data.validation!.labels) },
                testLoss: test.loss, testAccuracy: accuracy(test.predictions, labels: data.test.labels),
                trainingSeconds: trainingSeconds, evaluationSeconds: Date().timeIntervalSince(evaluationStart),
                imagesPerSecond: Double(seen) / trainingSeconds)
            state.completedEpochs = epoch
            state.optimizerSteps = optimizer.steps
            state.history.append(record)
            // Built only to be saved: a checkpoint kept across epochs would share the network's buffers
            // and force a copy of every weight, gradient and optimizer buffer at the next update.
            if let checkpointPath {
                try NetworkCheckpoint(network: network, training: state, optimizer: optimizer).save(to: checkpointPath)
            }
            report(.epoch(record))
        }
        return NetworkCheckpoint(network: network, training: state, optimizer: optimizer)
    }
}
