/// What a comparison trains and how. The defaults reproduce the paper: the CNN for 10 epochs with
/// Adadelta 1.0, a linear SVM (C 0.1), a random forest of 100 trees; `quick` shrinks every part
/// (3,000 training and 1,000 test images, at most 2 epochs, 20 trees, 1,000 random features) for
/// smoke runs and tests — its numbers say nothing about the models.
public struct ComparisonSettings: Codable, Sendable {
    public var models: [ComparisonModel] = ComparisonModel.allCases
    /// Epochs of every network (the CNNs and the MLPs).
    public var epochs = 10
    public var seed: UInt64 = 1
    public var quick = false

    public init() {}

    var trainingLimit: Int? { quick ? 3000 : nil }
    var testLimit: Int? { quick ? 1000 : nil }
    var networkEpochs: Int { quick ? min(epochs, 2) : epochs }
    var treeCount: Int { quick ? 20 : 100 }
    var randomFeatures: Int { quick ? 1000 : 4000 }
    /// Linear SVM cost: C 0.1, chosen on a validation split (ovo: 0.9403 / 0.9353 / 0.9243 for C 0.1 / 1 / 10).
    static let linearC: Float = 0.1
    /// Random-features SVM cost: C 1.
    static let randomFeatureC: Float = 1
}
