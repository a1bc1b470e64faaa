import DigitsData
import DigitsModelCore
import DigitsNN

/// The neural networks: the paper's CNN and the MLP of its activation comparison, trained with
/// mini-batch gradient descent and saved as a resumable safetensors checkpoint after every epoch.
public struct NetworkKind: ModelKind {
    public let name: String
    public let title: String
    public let comparisonRows: [ComparisonRow]
    /// Builds the architecture for images of `inputShape` and `classCount` classes.
    let architecture: @Sendable (_ inputShape: [Int], _ classCount: Int, ActivationFunction) -> NetworkArchitecture

    public static let paperCNN = NetworkKind(
        name: "paper-cnn", title: "CNN (paper recipe)",
        comparisonRows: [
            ComparisonRow(
                id: "paper-cnn", kind: "paper-cnn", title: "CNN (paper recipe)",
                paperRow: PaperRow(model: "CNN", accuracy: 0.9925, precision: 0.9910, recall: 0.9920, f1: 0.9915),
                typicalSeconds: 440),
            ComparisonRow(
                id: "paper-cnn-augmented", kind: "paper-cnn", title: "CNN + augmentation",
                settings: ["augment": "true"],
                typicalSeconds: 440),
        ],
        architecture: { NetworkArchitecture.paperCNN(inputShape: $0, classCount: $1, activation: $2) })

    public static let mlp = NetworkKind(
        name: "mlp", title: "MLP",
        comparisonRows: ActivationFunction.allCases.map { activation in
            ComparisonRow(
                id: "mlp-\(activation.rawValue)", kind: "mlp", title: "MLP, \(activation.rawValue)",
                settings: ["activation": activation.rawValue], typicalSeconds: 15)
        },
        architecture: { NetworkArchitecture.mlp(inputShape: $0, classCount: $1, activation: $2) })

    public var settings: [SettingSpec] {
        [
            SettingSpec("epochs", .integer(minimum: 1), default: "10", help: "Passes over the training set."),
            SettingSpec("batch-size", .integer(minimum: 1), default: "128", help: "Images per mini-batch."),
            SettingSpec(
                "optimizer", .choice(["adadelta", "sgd", "adam"]), default: "adadelta",
                help: "adadelta (rho 0.95), sgd or adam."),
            SettingSpec(
                "learning-rate", .number(1e-9...1e3), default: nil,
                help: "Step size (default: adadelta 1.0, sgd 0.01, adam 0.001)."),
            SettingSpec("momentum", .number(0...0.999), default: "0", help: "Momentum of sgd."),
            SettingSpec(
                "activation", .choice(ActivationFunction.allCases.map(\.rawValue)), default: "relu",
                help: "Activation of the hidden layers."),
            SettingSpec(
                "augment", .flag, default: "false", help: "Randomly shift (±2 px) and rotate (±10°) training images."),
            SettingSpec(
                "validation-split", .number(0...0.99), default: "0",
                help: "Fraction of the training set held out for validation, reported after every epoch."),
        ]
    }

    public var givesProbabilities: Bool { true }
    public var fileExtension: String { "safetensors" }
    public var quickSettings: [String: String] { ["epochs": "2"] }

    public func validate(_ settings: ModelSettings) throws {
        _ = try optimizer(settings)
    }

    /// Networks written before the registry say `neural-network` and name their architecture.
    public func recognizes(_ file: ModelFile) -> Bool {
        switch file.modelName {
        case name?: true
        case NetworkCheckpoint.legacyModelType?: file.safetensors.flatMap(NetworkCheckpoint.architectureName) == name
        default: false
        }
    }

    public func fit(_ data: FitData, settings: ModelSettings, context: FitContext) throws -> TrainedModel {
        let configuration = TrainingConfiguration(
            epochs: settings.int("epochs"), batchSize: settings.int("batch-size"), seed: context.seed,
            optimizer: try optimizer(settings), augment: settings.flag("augment"),
            validationFraction: settings.double("validation-split"))
        try configuration.validate()
        let architecture = architecture(
            [1, data.training.rows, data.training.columns], data.training.classCount,
            ActivationFunction(rawValue: settings.string("activation"))!)
        let start = NetworkCheckpoint(
            network: try NeuralNetwork(architecture: architecture, seed: context.seed),
            training: TrainingState(configuration: configuration), optimizer: Optimizer(rule: configuration.optimizer))
        return try train(start, data: data, context: context)
    }

    public func resume(_ file: ModelFile, overrides: ModelSettings, data: FitData, context: FitContext) throws
        -> TrainedModel
    {
        var start = try checkpoint(file)
        guard var state = start.training, start.optimizer != nil else {
            throw TrainingError.invalidCheckpoint(
                path: file.path, reason: "it holds a finished model without training state; it cannot be resumed")
        }
        let fixed = overrides.given.subtracting(["epochs"])
        guard fixed.isEmpty else {
            throw SettingError.conflict(
                "a resumed run keeps its recorded settings; only --epochs can change (got "
                    + fixed.sorted().map { "--\($0)" }.joined(separator: ", ") + ")")
        }
        if overrides.isGiven("epochs") { state.configuration.epochs = overrides.int("epochs") }
        start.training = state
        context.progress(
            .note("resuming \(file.path): \(state.completedEpochs) of \(state.configuration.epochs) epochs done"))
        return try train(start, data: data, context: context)
    }

    public func load(_ file: ModelFile) throws -> TrainedModel {
        let loaded = try checkpoint(file)
        return try trained(loaded, keepsOptimizer: false)
    }

    private func checkpoint(_ file: ModelFile) throws -> NetworkCheckpoint {
        try NetworkCheckpoint(file.safetensors!, path: file.path)
    }

    private func optimizer(_ settings: ModelSettings) throws -> OptimizerRule {
        try OptimizerRule.named(
            settings.string("optimizer"), learningRate: settings.optionalDouble("learning-rate").map(Float.init),
            momentum: Float(settings.double("momentum")))
    }

    private func train(_ start: NetworkCheckpoint, data: FitData, context: FitContext) throws -> TrainedModel {
        let configuration = start.training!.configuration
        let split = TrainingData(
            training: data.training, test: data.test, validationFraction: configuration.validationFraction,
            seed: configuration.seed)
        let finished = try withoutActuallyEscaping(context.progress) { progress in
            // The trainer reports synchronously on this thread and is gone when training returns.
            let trainer = Trainer(backend: context.backend, checkpointPath: context.checkpointPath) {
                progress(.training($0))
            }
            return try trainer.resume(start, data: split)
        }
        // A run saved as it trains keeps its optimizer state, so it can be resumed or extended; a
        // model trained in one go (a comparison) is saved finished, a third of the size.
        return try trained(finished, keepsOptimizer: context.checkpointPath != nil)
    }

    private func trained(_ checkpoint: NetworkCheckpoint, keepsOptimizer: Bool) throws -> TrainedModel {
        let network = checkpoint.network
        let summary = try network.architecture.summary()
        let parameters = summary.map(\.parameterCount).reduce(0, +)
        var description = "\(network.architecture.description), \(parameters) parameters"
        if let configuration = checkpoint.training?.configuration {
            description +=
                "; \(configuration.optimizer), batch \(configuration.batchSize), \(configuration.epochs) epochs"
            if configuration.augment { description += ", random shifts ±2 px and rotations ±10°" }
            if configuration.validationFraction > 0 {
                description += ", \(Int((configuration.validationFraction * 100).rounded()))% held out for validation"
            }
        }
        let saved = keepsOptimizer ? checkpoint : checkpoint.exported()
        return TrainedModel(
            kind: self, classifier: network, description: description, history: checkpoint.training?.history,
            architecture: summary, save: { try saved.save(to: $0) })
    }
}
