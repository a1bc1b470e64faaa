import ArgumentParser
import Digits
import Foundation

extension ActivationFunction: ExpressibleByArgument {}

/// Trains a network on the training set, reporting test accuracy after each epoch and saving a
/// checkpoint after every epoch.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train", abstract: "Train a model and save a checkpoint after every epoch.")

    @OptionGroup var data: DataOptions
    @OptionGroup var compute: ComputeOptions

    @Option(help: "Model: \((NetworkArchitecture.presetNames + ["svm", "rff-svm", RandomForest.modelType]).joined(separator: ", ")).")
    var model = "paper-cnn"
    @Option(help: "Activation of the hidden layers: relu, sigmoid or tanh.")
    var activation: ActivationFunction = .relu
    @Option(help: "Passes over the training set (default 10; with --resume, the run's own).")
    var epochs: Int?
    @Option(help: "Images per mini-batch.")
    var batchSize = 128
    @Option(help: "Optimizer: adadelta (learning rate 1.0, rho 0.95), sgd or adam.")
    var optimizer = "adadelta"
    @Option(help: "Learning rate (default: adadelta 1.0, sgd 0.01, adam 0.001).")
    var learningRate: Float?
    @Option(help: "Momentum for sgd.")
    var momentum: Float = 0
    @Option(help: "Seed for initialisation, shuffling, dropout and augmentation.")
    var seed: UInt64 = 1
    @Flag(help: "Randomly shift (±2 px) and rotate (±10°) training images.")
    var augment = false
    @Option(help: "Fraction of the training set held out for validation.")
    var validationSplit = 0.0
    @Option(help: "Train on the first N training images only (quick runs).")
    var trainLimit: Int?
    @Option(help: "SVM: multi-class strategy, ovr (one-vs-rest) or ovo (one-vs-one).")
    var multiclass: MulticlassStrategy = .oneVsRest
    @Option(name: .customLong("c"), help: ArgumentHelp(
        "SVM: cost of a margin violation (inverse regularisation strength). Repeat it to choose among several on the "
            + "validation split (--validation-split, 0.1 if not given); never on the test set."))
    var svmC: [Float] = [LinearSVMSettings().c]
    @Option(help: "svm: project images onto their leading K principal components first (PCA on the training set).")
    var pca: Int?
    @Option(help: "rff-svm: number of random Fourier features.")
    var features = 4000
    @Option(help: "rff-svm: RBF kernel width γ in exp(−γ‖x − y‖²) (default: 1 / (pixels · pixel variance)).")
    var gamma: Float?
    @Option(help: "Random forest: number of trees.")
    var trees = 100
    @Option(help: "Random forest: deepest level of a tree (default: unlimited).")
    var maxDepth: Int?
    @Option(help: "Random forest: fewest training images in a leaf.")
    var minSamplesLeaf = 1
    @Option(help: "Model file: a safetensors checkpoint for networks (written after every epoch), a forest file for random-forest.")
    var checkpoint: String
    @Flag(help: "Continue the run saved in --checkpoint where it stopped.")
    var resume = false

    func validate() throws {
        if let epochs, epochs < 1 { throw ValidationError("--epochs must be at least 1 (got \(epochs)).") }
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1 (got \(batchSize)).") }
        guard (0..<1).contains(validationSplit) else {
            throw ValidationError("--validation-split must be in [0, 1) (got \(validationSplit)).")
        }
        if let trainLimit, trainLimit < 1 { throw ValidationError("--train-limit must be at least 1 (got \(trainLimit)).") }
        if let pca {
            guard model == "svm" else { throw ValidationError("--pca applies to --model svm only.") }
            guard pca >= 1 else { throw ValidationError("--pca must be at least 1 (got \(pca)).") }
            guard svmC.count == 1 else { throw ValidationError("--pca takes one --c; choose C among several without --pca.") }
        }
    }

    func run() throws {
        let dataset = try Dataset.load(from: try data.location())
        var training = dataset.training
        if let trainLimit { training = training.subset(Array(0..<min(trainLimit, training.count))) }
        let backend = compute.makeBackend()
        if model == RandomForest.modelType {
            return try fitForest(training: training, test: dataset.test, backend: backend)
        }
        if model == "svm" {
            return try fitSVM(training: training, test: dataset.test, backend: backend)
        }
        if model == "rff-svm" {
            return try fitRandomFeatureSVM(training: training, test: dataset.test, backend: backend)
        }
        let progress = ProgressPrinter()
        let trainer = Trainer(backend: backend, checkpointPath: checkpoint) { progress.show($0) }

        var start: NetworkCheckpoint
        if resume {
            start = try NetworkCheckpoint.load(from: checkpoint)
            guard var state = start.training else {
                throw ValidationError("\(checkpoint) holds a finished model without training state; it cannot be resumed.")
            }
            if let epochs { state.configuration.epochs = epochs }
            start.training = state
            print("resuming \(checkpoint): \(state.completedEpochs) of \(state.configuration.epochs) epochs done")
        } else {
            let rule = try OptimizerRule.named(optimizer, learningRate: learningRate, momentum: momentum)
            let configuration = TrainingConfiguration(
                epochs: epochs ?? 10, batchSize: batchSize, seed: seed, optimizer: rule, augment: augment,
                validationFraction: validationSplit)
            try configuration.validate()
            let architecture = try NetworkArchitecture.preset(
                named: model, inputShape: [1, training.rows, training.columns], classCount: training.classCount,
                activation: activation)
            start = NetworkCheckpoint(
                network: try NeuralNetwork(architecture: architecture, seed: seed),
                training: TrainingState(configuration: configuration), optimizer: Optimizer(rule: rule))
        }
        let configuration = start.training!.configuration
        let split = TrainingData(training: training, test: dataset.test,
                                 validationFraction: configuration.validationFraction, seed: configuration.seed)
        print("model \(start.network.architecture.name), \(start.network.layers.parameters.map(\.value.count).reduce(0, +)) parameters; "
              + "\(split.training.count) training, \(split.validation?.count ?? 0) validation, \(split.test.count) test images")
        print("\(configuration.optimizer), batch \(configuration.batchSize), seed \(configuration.seed), "
              + "augmentation \(configuration.augment ? "on" : "off"), backend \(backend.name) × \(backend.threads) threads")
        let finished = try trainer.resume(start, data: split)
        let prefix = historyPrefix(for: checkpoint)
        try finished.training!.writeHistory(prefix: prefix)
        print("checkpoint: \(checkpoint)\nhistory:    \(prefix).json, \(prefix).csv")
    }
}

extension TrainCommand {
    /// Fits a random forest, reports its fit time and test metrics, and saves it.
    func fitForest(training: LabeledImages, test: LabeledImages, backend: any ComputeBackend) throws {
        let settings = RandomForestSettings(treeCount: trees, maxDepth: maxDepth, minSamplesLeaf: minSamplesLeaf)
        print("random forest: \(trees) trees, max depth \(maxDepth.map(String.init) ?? "unlimited"), min samples per leaf "
              + "\(minSamplesLeaf); \(training.count) training images, seed \(seed), \(backend.threads) threads")
        let started = Date()
        let forest = try RandomForest.fit(training, settings: settings, seed: seed, threads: backend.threads)
        let fitSeconds = Date().timeIntervalSince(started)
        let nodes = forest.trees.map(\.nodeCount).reduce(0, +)
        print(String(format: "fitted in %.2f s (%d nodes, %.0f per tree)", fitSeconds, nodes, Double(nodes) / Double(trees)))
        try forest.save(to: checkpoint)
        try printTestAccuracy(of: forest, on: test, backend: backend)
        print("model: \(checkpoint)")
    }
}

extension TrainCommand {
    /// Fits a linear hinge-loss SVM, reports its fit time, convergence and test accuracy, and saves it.
    func fitSVM(training: LabeledImages, test: LabeledImages, backend: any ComputeBackend) throws {
        var settings = LinearSVMSettings(strategy: multiclass, c: svmC[0])
        print("linear SVM (\(multiclass.rawValue), C \(svmC.map { "\($0)" }.joined(separator: ", "))): \(training.count) "
              + "training images, seed \(seed), \(backend.threads) threads")
        let started = Date()
        let svm: LinearSVM
        if svmC.count > 1 {
            let fraction = validationSplit > 0 ? validationSplit : 0.1
            let selection = try LinearSVM.fitSelectingC(
                training, candidates: svmC, settings: settings, validationFraction: fraction, seed: seed, backend: backend)
            for candidate in selection.candidates {
                print(String(format: "  C %g: validation accuracy %.4f", candidate.c, candidate.validationAccuracy))
            }
            svm = selection.svm
            settings = svm.settings
            print("chose C \(settings.c); refitted on all \(training.count) training images")
        } else if let pca {
            svm = try LinearSVM.fit(training, settings: settings, principalComponents: pca, seed: seed, backend: backend)
            print(String(format: "PCA: %d components keep %.1f%% of the pixel variance", pca, 100 * svm.pca!.keptVariance))
        } else {
            svm = try LinearSVM.fit(training, settings: settings, seed: seed, threads: backend.threads)
        }
        let fitSeconds = Date().timeIntervalSince(started)
        let epochs = svm.diagnostics.map(\.epochs)
        let unconverged = svm.diagnostics.filter { !$0.converged }.count
        print(String(format: "fitted %d machines in %.2f s (%d–%d epochs each, %d not converged; primal objectives %.1f–%.1f)",
                     epochs.count, fitSeconds, epochs.min()!, epochs.max()!, unconverged,
                     svm.diagnostics.map(\.objective).min()!, svm.diagnostics.map(\.objective).max()!))
        try svm.save(to: checkpoint)
        try printTestAccuracy(of: svm, on: test, backend: backend)
        print("model: \(checkpoint)")
    }
}

extension TrainCommand {
    /// Fits a hinge-loss SVM on random Fourier features (an RBF-kernel approximation) and reports it.
    func fitRandomFeatureSVM(training: LabeledImages, test: LabeledImages, backend: any ComputeBackend) throws {
        let settings = LinearSVMSettings(strategy: multiclass, c: svmC[0])
        print("random-features SVM (\(multiclass.rawValue), C \(settings.c), \(features) features): \(training.count) "
              + "training images, seed \(seed), \(backend.threads) threads")
        let started = Date()
        let rff = try RandomFeatureSVM.fit(training, features: features, gamma: gamma, settings: settings, seed: seed,
                                           backend: backend)
        print(String(format: "fitted in %.2f s, gamma %g (%d of %d machines converged)", Date().timeIntervalSince(started),
                     rff.map.gamma, rff.svm.diagnostics.filter(\.converged).count, rff.svm.diagnostics.count))
        try rff.save(to: checkpoint)
        try printTestAccuracy(of: rff, on: test, backend: backend)
        print("model: \(checkpoint)")
    }
}

/// Predicts the test set and prints its accuracy and how long prediction took.
func printTestAccuracy(of model: any Classifier, on test: LabeledImages, backend: any ComputeBackend) throws {
    let started = Date()
    let predictions = try model.predictions(for: test, backend: backend)
    let seconds = Date().timeIntervalSince(started)
    let correct = zip(predictions, test.labels).filter { $0 == Int($1) }.count
    print(String(format: "test accuracy %.4f (%d of %d), predicted in %.3f s", Double(correct) / Double(test.count),
                 correct, test.count, seconds))
}

/// `runs/cnn.safetensors` → `runs/cnn-history`.
func historyPrefix(for checkpoint: String) -> String {
    let url = URL(fileURLWithPath: checkpoint)
    return url.deletingPathExtension().path + "-history"
}
extension MulticlassStrategy: ExpressibleByArgument {}
