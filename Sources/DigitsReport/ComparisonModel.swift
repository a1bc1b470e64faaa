import Foundation

/// The models `digits compare` trains: the paper's three (CNN, SVM, random forest) and the rows
/// that go beyond it (augmentation, one-vs-rest, random features, the MLP's activation comparison).
public enum ComparisonModel: String, CaseIterable, Codable, Sendable {
    case cnn
    case cnnAugmented = "cnn-augmented"
    case svm
    case svmOneVsRest = "svm-ovr"
    case randomFeatureSVM = "rff-svm"
    case randomForest = "random-forest"
    case mlpSigmoid = "mlp-sigmoid"
    case mlpReLU = "mlp-relu"
    case mlpTanh = "mlp-tanh"

    public var title: String {
        switch self {
        case .cnn: "CNN (paper recipe)"
        case .cnnAugmented: "CNN + augmentation"
        case .svm: "Linear SVM, one-vs-one"
        case .svmOneVsRest: "Linear SVM, one-vs-rest"
        case .randomFeatureSVM: "SVM on random Fourier features"
        case .randomForest: "Random forest"
        case .mlpSigmoid: "MLP, sigmoid"
        case .mlpReLU: "MLP, ReLU"
        case .mlpTanh: "MLP, tanh"
        }
    }

    /// The paper's Table I row this model reproduces.
    public var paperRow: PaperRow? {
        switch self {
        case .cnn: PaperRow(model: "CNN", accuracy: 0.9925, precision: 0.9910, recall: 0.9920, f1: 0.9915)
        case .svm: PaperRow(model: "SVM", accuracy: 0.9450, precision: 0.9400, recall: 0.9420, f1: 0.9410)
        case .randomForest: PaperRow(model: "Random forest", accuracy: 0.9630, precision: 0.9610, recall: 0.9620, f1: 0.9615)
        default: nil
        }
    }

    public var activation: String? {
        switch self {
        case .mlpSigmoid: "sigmoid"
        case .mlpReLU: "relu"
        case .mlpTanh: "tanh"
        default: nil
        }
    }

    /// Seconds a full run takes on the 2-core development machine: weights for the remaining-time estimate.
    var typicalSeconds: Double {
        switch self {
        case .cnn, .cnnAugmented: 440
        case .svm: 4
        case .svmOneVsRest: 6
        case .randomFeatureSVM: 14
        case .randomForest: 11
        case .mlpSigmoid, .mlpReLU, .mlpTanh: 15
        }
    }

    /// Models from a comma-separated list of names, in the order given; throws naming an unknown one.
    public static func parseList(_ list: String) throws -> [ComparisonModel] {
        let names = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !names.isEmpty else { throw ComparisonError.noModels }
        var models = [ComparisonModel]()
        for name in names {
            guard let model = ComparisonModel(rawValue: name) else {
                throw ComparisonError.unknownModel(name: name, known: allCases.map(\.rawValue))
            }
            if !models.contains(model) { models.append(model) }
        }
        return models
    }
}

/// One row of the paper's Table I (macro-averaged precision, recall and F1).
public struct PaperRow: Codable, Equatable, Sendable {
    public let model: String
    public let accuracy: Double
    public let precision: Double
    public let recall: Double
    public let f1: Double
}
