import DigitsCompute
import DigitsData
import DigitsModelCore
import DigitsNN

/// A kind of model Digits trains (the paper CNN, the linear SVM, the forest, kNN, …): everything
/// the commands, the comparison and the report need to know about it, in one type. Every kind is
/// listed once, in `ModelRegistry.kinds`; nothing else names the kinds.
public protocol ModelKind: Sendable {
    /// The one name: `--model`, `digits compare --models`, the model file's `digits.model`, the report.
    var name: String { get }
    /// A few words for people: "Random forest".
    var title: String { get }
    /// Its settings, with defaults; `digits train --model NAME --SETTING VALUE` sets them.
    var settings: [SettingSpec] { get }
    /// Whether its scores are class probabilities (otherwise margins, with no log loss).
    var givesProbabilities: Bool { get }
    /// Whether `file` holds a model of this kind (how `evaluate`, `predict` and `serve` tell files apart).
    func recognizes(_ file: ModelFile) -> Bool
    /// Extension of its model files, without the dot.
    var fileExtension: String { get }
    /// What it contributes to `digits compare`.
    var comparisonRows: [ComparisonRow] { get }
    /// Settings a `--quick` comparison uses instead of the defaults, to finish in seconds.
    var quickSettings: [String: String] { get }

    /// Checks settings that depend on each other (each one alone is already valid).
    func validate(_ settings: ModelSettings) throws

    /// Fits a model on `data.training`. `data.test` may only be reported on, never chosen by.
    func fit(_ data: FitData, settings: ModelSettings, context: FitContext) throws -> TrainedModel

    /// Reads a model file of this kind (`recognizes` said so).
    func load(_ file: ModelFile) throws -> TrainedModel

    /// Continues an interrupted training run saved in `file`, with `overrides` (for example more epochs).
    func resume(_ file: ModelFile, overrides: ModelSettings, data: FitData, context: FitContext) throws -> TrainedModel
}

extension ModelKind {
    public func validate(_ settings: ModelSettings) throws {}

    public var quickSettings: [String: String] { [:] }

    /// A safetensors model file names its kind in `digits.model`.
    public func recognizes(_ file: ModelFile) -> Bool { file.modelName == name }

    public func resume(_ file: ModelFile, overrides: ModelSettings, data: FitData, context: FitContext) throws
        -> TrainedModel
    {
        throw ModelError.cannotResume(path: file.path, kind: name)
    }

    /// `settings` parsed from the command line's `--name value` arguments and checked.
    public func parseSettings(_ arguments: [String]) throws -> ModelSettings {
        let parsed = try ModelSettings(arguments: arguments, specs: settings)
        try validate(parsed)
        return parsed
    }

    /// The default settings with `overrides` applied, checked.
    public func settings(_ overrides: [String: String]) throws -> ModelSettings {
        let parsed = try ModelSettings(overrides.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, specs: settings)
        try validate(parsed)
        return parsed
    }
}

/// The images a model is fitted with.
public struct FitData: Sendable {
    public var training: LabeledImages
    /// Evaluated after every epoch by the networks, for the learning curves; never used to choose anything.
    public var test: LabeledImages

    public init(training: LabeledImages, test: LabeledImages) {
        self.training = training
        self.test = test
    }
}

/// What happens while a model is fitted.
public enum FitEvent: Sendable {
    /// A network's batch or epoch.
    case training(TrainingEvent)
    /// A line worth showing (a choice made, a step finished).
    case note(String)
}

/// Where and how a model is fitted.
public struct FitContext {
    public var backend: any ComputeBackend
    /// Seed of every random choice the fit makes.
    public var seed: UInt64
    /// Kinds that train in epochs save here after every epoch, so the run can be resumed (nil: no saves).
    public var checkpointPath: String?
    public var progress: (FitEvent) -> Void

    public init(
        backend: any ComputeBackend, seed: UInt64, checkpointPath: String? = nil,
        progress: @escaping (FitEvent) -> Void = { _ in }
    ) {
        self.backend = backend
        self.seed = seed
        self.checkpointPath = checkpointPath
        self.progress = progress
    }
}

/// A fitted (or loaded) model of any kind: its scores, what it is, and how to save it.
public struct TrainedModel: Sendable {
    public let kind: any ModelKind
    public let classifier: any Classifier
    /// What was fitted, from its actual settings: "100 CART trees, Gini, …".
    public let description: String
    /// Per-epoch losses and accuracies, for the kinds that train in epochs.
    public var history: [EpochRecord]?
    /// Layer by layer, for the networks.
    public var architecture: [LayerSummary]?
    /// The file it was loaded from (nil for a model fitted in this process).
    public internal(set) var path: String?
    let saver: @Sendable (String) throws -> Void

    public init(
        kind: any ModelKind, classifier: any Classifier, description: String, history: [EpochRecord]? = nil,
        architecture: [LayerSummary]? = nil, save: @escaping @Sendable (String) throws -> Void
    ) {
        self.kind = kind
        self.classifier = classifier
        self.description = description
        self.history = history
        self.architecture = architecture
        self.saver = save
    }

    public var name: String { kind.name }
    public var givesProbabilities: Bool { kind.givesProbabilities }
    public var classCount: Int { classifier.classCount }
    /// Test accuracy after the last epoch, when the model records its training.
    public var testAccuracy: Double? { history?.last?.testAccuracy }

    /// Writes the model file atomically: an interrupted save leaves the previous file whole.
    public func save(to path: String) throws { try saver(path) }
}
