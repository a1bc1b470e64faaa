import DigitsCompute

/// Whether a forward pass trains (dropout active, inputs kept for backward) or only infers.
public enum Mode: Sendable {
    case training
    case inference
}

/// What a layer needs besides its input, passed explicitly (no globals): the backend that computes
/// matrix products, the thread budget for the work around them, and the generator for dropout.
public struct LayerContext: Sendable {
    public var backend: any ComputeBackend
    public var rng: SplitMix64

    public init(backend: any ComputeBackend, rng: SplitMix64 = SplitMix64(seed: 0)) {
        self.backend = backend
        self.rng = rng
    }

    /// Threads for per-image loops around the GEMMs: the backend's budget.
    public var threads: Int { backend.threads }

    /// The backend for the products of one image, in a layer that shares a batch's images among the
    /// threads: single-threaded, even for a single image. OpenBLAS's second thread saved little on
    /// one image's products and kept spinning on the other core after them: on the 2-core AMD EPYC,
    /// one image through the paper CNN took 0.63–0.65 ms with two threads and 0.50–0.52 ms with
    /// one; Winograd's small tile products lost more (conv2 on one image: 0.26 ms on two threads,
    /// 0.13 ms on one).
    var perImageBackend: any ComputeBackend { backend.withThreads(1) }
}

/// A trainable tensor and the gradient accumulated for it, under a stable name (`conv1.weight`)
/// that keys both checkpoints and optimizer state.
public struct Parameter: Sendable {
    public let name: String
    public var value: Tensor
    public var gradient: Tensor

    public init(name: String, value: Tensor) {
        self.name = name
        self.value = value
        self.gradient = Tensor(zeros: value.shape)
    }
}

/// One stage of a network.
///
/// Shapes are per batch: the first dimension is always the batch size. `forward` in `.training`
/// mode keeps what `backward` needs; `backward` takes ∂loss/∂output, accumulates ∂loss/∂parameter
/// into each parameter's `gradient` and returns ∂loss/∂input (nil when `needsInputGradient` is false,
/// as for the first layer of a network, which saves a whole GEMM).
public protocol Layer: Sendable {
    /// The per-sample output shape for a per-sample input shape; throws when the input does not fit.
    func outputShape(for inputShape: [Int]) throws -> [Int]

    mutating func forward(_ input: Tensor, mode: Mode, context: inout LayerContext) -> Tensor

    mutating func backward(_ outputGradient: Tensor, needsInputGradient: Bool, context: inout LayerContext) -> Tensor?

    /// Visits each parameter in place, in a fixed order (for optimizers and checkpoints).
    mutating func updateParameters(_ body: (inout Parameter) throws -> Void) rethrows
}

extension Layer {
    public mutating func updateParameters(_ body: (inout Parameter) throws -> Void) rethrows {}

    /// The parameters, in the order `updateParameters` visits them (copies share storage).
    public var parameters: [Parameter] {
        var copy = self
        var list = [Parameter]()
        copy.updateParameters { list.append($0) }
        return list
    }
}
