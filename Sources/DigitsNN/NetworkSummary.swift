/// One row of a network's summary, as Keras' `model.summary()` prints it.
public struct LayerSummary: Codable, Equatable, Sendable {
    /// The layer and its settings, e.g. `Conv2D 32@3×3 (conv1)`.
    public let layer: String
    /// The per-sample output shape, channels first.
    public let outputShape: [Int]
    public let parameterCount: Int
}

extension NetworkArchitecture {
    /// Every layer with its output shape and parameter count (weights and biases).
    public func summary() throws -> [LayerSummary] {
        let network = try makeNetwork(seed: 0)
        var shape = inputShape
        return try zip(layers, network.layers).map { spec, layer in
            shape = try layer.outputShape(for: shape)
            let parameters = layer.parameters
            let owner = parameters.first.map { " (\($0.name.split(separator: ".")[0]))" } ?? ""
            return LayerSummary(
                layer: spec.summaryName + owner, outputShape: shape,
                parameterCount: parameters.map(\.value.count).reduce(0, +))
        }
    }
}

extension LayerSpec {
    var summaryName: String {
        switch self {
        case .conv2D(let filters, let kernelSize, let stride, let padding):
            "Conv2D \(filters)@\(kernelSize)×\(kernelSize)" + (stride == 1 ? "" : " stride \(stride)")
                + (padding == 0 ? "" : " padding \(padding)")
        case .maxPool2D(let size): "MaxPool2D \(size)×\(size)"
        case .dropout(let rate): "Dropout \(rate)"
        case .flatten: "Flatten"
        case .dense(let units): "Dense \(units)"
        case .activation(let function): function.displayName
        }
    }
}

extension NetworkArchitecture: CustomStringConvertible {
    /// The network in one line, from its layers: "mlp: 784 → Flatten → Dense 128 → ReLU → … → Dense 10".
    public var description: String {
        "\(name): \(inputShape.map(String.init).joined(separator: "×")) → "
            + layers.map(\.summaryName).joined(separator: " → ")
    }
}
