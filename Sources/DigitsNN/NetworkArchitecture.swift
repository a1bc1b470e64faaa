import DigitsCompute

/// One layer of a network description: what a checkpoint records in its metadata so that the
/// network can be rebuilt without any other input.
public enum LayerSpec: Codable, Equatable, Sendable {
    case conv2D(filters: Int, kernelSize: Int, stride: Int, padding: Int)
    case maxPool2D(size: Int)
    case dropout(rate: Float)
    case flatten
    case dense(units: Int)
    case activation(ActivationFunction)
}

/// A network as data: its input shape per sample, its layers and the number of classes it scores.
public struct NetworkArchitecture: Codable, Equatable, Sendable {
    /// Preset name (`paper-cnn`, `mlp`) or `custom`.
    public var name: String
    public var inputShape: [Int]
    public var classCount: Int
    public var layers: [LayerSpec]

    public init(name: String, inputShape: [Int], classCount: Int, layers: [LayerSpec]) {
        self.name = name
        self.inputShape = inputShape
        self.classCount = classCount
        self.layers = layers
    }

    public static let presetNames = ["paper-cnn", "mlp"]

    /// The paper's CNN (the Keras `mnist_cnn` example): Conv 32@3×3 → Conv 64@3×3 → MaxPool 2×2 →
    /// Dropout 0.25 → Flatten → Dense 256 → Dropout 0.5 → Dense classes; `activation` after each
    /// convolution and the hidden dense layer (ReLU in the paper, which also compares sigmoid and tanh).
    public static func paperCNN(
        inputShape: [Int] = [1, 28, 28], classCount: Int = 10, activation: ActivationFunction = .relu
    ) -> NetworkArchitecture {
        NetworkArchitecture(
            name: "paper-cnn", inputShape: inputShape, classCount: classCount,
            layers: [
                .conv2D(filters: 32, kernelSize: 3, stride: 1, padding: 0), .activation(activation),
                .conv2D(filters: 64, kernelSize: 3, stride: 1, padding: 0), .activation(activation),
                .maxPool2D(size: 2), .dropout(rate: 0.25), .flatten,
                .dense(units: 256), .activation(activation), .dropout(rate: 0.5),
                .dense(units: classCount),
            ])
    }

    /// The "purely NumPy" network of the paper's subtitle: 784 → 128 → 64 → classes, fully connected.
    public static func mlp(
        inputShape: [Int] = [1, 28, 28], classCount: Int = 10, hidden: [Int] = [128, 64],
        activation: ActivationFunction = .relu
    ) -> NetworkArchitecture {
        NetworkArchitecture(
            name: "mlp", inputShape: inputShape, classCount: classCount,
            layers: [.flatten] + hidden.flatMap { [LayerSpec.dense(units: $0), .activation(activation)] }
                + [.dense(units: classCount)])
    }

    public static func preset(
        named name: String, inputShape: [Int], classCount: Int, activation: ActivationFunction = .relu
    ) throws -> NetworkArchitecture {
        switch name {
        case "paper-cnn": paperCNN(inputShape: inputShape, classCount: classCount, activation: activation)
        case "mlp": mlp(inputShape: inputShape, classCount: classCount, activation: activation)
        default: throw TrainingError.unknownModel(name: name, known: presetNames)
        }
    }

    /// Builds the layers with Glorot-uniform weights drawn from `seed`, checking every shape.
    /// Layers with parameters are named by kind and position: `conv1`, `conv2`, `dense1`, `dense2`.
    ///
    /// `checkParameter` sees each parameter's name and shape before the layer allocates it. A
    /// checkpoint uses it to compare them with the file's tensors, so a header describing a huge
    /// network is refused before its weights are allocated rather than after.
    public func makeNetwork(
        seed: UInt64, checkParameter: (_ name: String, _ shape: [Int]) throws -> Void = { _, _ in }
    ) throws -> Sequential {
        guard !inputShape.isEmpty, inputShape.allSatisfy({ $0 > 0 }), Self.product(inputShape) != nil else {
            throw TrainingError.architectureMismatch(detail: "input shape \(inputShape) must be positive sizes")
        }
        var rng = SplitMix64(seed: seed)
        var shape = inputShape
        var built = [any Layer]()
        var convolutions = 0
        var denses = 0
        for spec in layers {
            let layer: any Layer
            switch spec {
            case .conv2D(let filters, let kernelSize, let stride, let padding):
                guard filters > 0, kernelSize > 0, stride > 0, padding >= 0, shape.count == 3 else {
                    throw TrainingError.architectureMismatch(
                        detail: "\(spec) cannot follow a layer with output \(shape)")
                }
                convolutions += 1
                let (weight, bias) = Conv2D.parameterShapes(
                    name: "conv\(convolutions)", inputChannels: shape[0], outputChannels: filters,
                    kernelSize: kernelSize)
                try checkParameter(weight.name, weight.shape)
                try checkParameter(bias.name, bias.shape)
                layer = Conv2D(
                    name: "conv\(convolutions)", inputChannels: shape[0], outputChannels: filters,
                    kernelSize: kernelSize, stride: stride, padding: padding, using: &rng)
            case .maxPool2D(let size):
                guard size > 0 else { throw TrainingError.architectureMismatch(detail: "pool size \(size)") }
                layer = MaxPool2D(size: size)
            case .dropout(let rate):
                guard (0..<1).contains(rate) else {
                    throw TrainingError.architectureMismatch(detail: "dropout rate \(rate)")
                }
                layer = Dropout(rate: rate)
            case .flatten:
                layer = Flatten()
            case .dense(let units):
                guard units > 0, shape.count == 1 else {
                    throw TrainingError.architectureMismatch(
                        detail: "dense(\(units)) cannot follow a layer with output \(shape)")
                }
                denses += 1
                let (weight, bias) = Dense.parameterShapes(
                    name: "dense\(denses)", inputCount: shape[0], outputCount: units)
                try checkParameter(weight.name, weight.shape)
                try checkParameter(bias.name, bias.shape)
                layer = Dense(name: "dense\(denses)", inputCount: shape[0], outputCount: units, using: &rng)
            case .activation(let function):
                layer = Activation(function)
            }
            do {
                shape = try layer.outputShape(for: shape)
            } catch {
                throw TrainingError.architectureMismatch(detail: "\(error)")
            }
            built.append(layer)
        }
        guard shape == [classCount] else {
            throw TrainingError.architectureMismatch(
                detail: "the network ends with \(shape), expected [\(classCount)] class scores")
        }
        return Sequential(built)
    }

    /// The product of `values`, or nil if it overflows.
    static func product(_ values: [Int]) -> Int? {
        var result = 1
        for value in values {
            let (next, overflow) = result.multipliedReportingOverflow(by: value)
            if overflow { return nil }
            result = next
        }
        return result
    }
}
