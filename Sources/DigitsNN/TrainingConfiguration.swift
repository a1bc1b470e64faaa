/// Everything that determines a training run besides the data and the backend. Stored in each
/// checkpoint so `--resume` continues exactly the run that was interrupted.
public struct TrainingConfiguration: Codable, Equatable, Sendable {
    public var epochs: Int
    public var batchSize: Int
    /// Seeds initialisation, shuffling, dropout and augmentation.
    public var seed: UInt64
    public var optimizer: OptimizerRule
    /// Random shifts and rotations of training images (never of validation or test images).
    public var augment: Bool
    /// Fraction of the training set held out for validation (0: none).
    public var validationFraction: Double

    public init(
        epochs: Int = 10, batchSize: Int = 128, seed: UInt64 = 1, optimizer: OptimizerRule = .paperAdadelta,
        augment: Bool = false, validationFraction: Double = 0
    ) {
        self.epochs = epochs
        self.batchSize = batchSize
        self.seed = seed
        self.optimizer = optimizer
        self.augment = augment
        self.validationFraction = validationFraction
    }

    public func validate() throws {
        guard epochs > 0 else { throw TrainingError.invalidSetting("epochs must be at least 1 (got \(epochs))") }
        guard batchSize > 0 else {
            throw TrainingError.invalidSetting("batch size must be at least 1 (got \(batchSize))")
        }
        guard (0..<1).contains(validationFraction) else {
            throw TrainingError.invalidSetting("validation split must be in [0, 1) (got \(validationFraction))")
        }
        try optimizer.validate()
    }
}

/// What one epoch achieved. Validation figures are nil without a validation split.
public struct EpochRecord: Codable, Equatable, Sendable {
    public var epoch: Int
    public var trainingLoss: Double
    public var trainingAccuracy: Double
    public var validationLoss: Double?
    public var validationAccuracy: Double?
    public var testLoss: Double
    public var testAccuracy: Double
    /// Wall-clock seconds of the training pass (forward, backward, update), without evaluation.
    public var trainingSeconds: Double
    public var evaluationSeconds: Double
    public var imagesPerSecond: Double
}

/// Where a run stands: its configuration, the epochs done, the optimizer's step count and the history.
public struct TrainingState: Codable, Equatable, Sendable {
    public var configuration: TrainingConfiguration
    public var completedEpochs: Int
    public var optimizerSteps: Int
    public var history: [EpochRecord]

    public init(configuration: TrainingConfiguration) {
        self.configuration = configuration
        completedEpochs = 0
        optimizerSteps = 0
        history = []
    }
}
