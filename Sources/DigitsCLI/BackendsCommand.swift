import ArgumentParser
import DigitsCompute

/// Describes the compute backends and checks that both give the same product on this machine.
struct BackendsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backends", abstract: "Show the compute backends and check that they agree here.")

    @OptionGroup var compute: ComputeOptions

    func run() throws {
        print("OpenBLAS: \(BLASBackend.configuration)")
        print(OpenBLASKernelCheck.current.description)
        var rng = SplitMix64(seed: 1)
        let a = Tensor.random(shape: [129, 300], using: &rng)
        let b = Tensor.random(shape: [300, 65], using: &rng)
        let reference = try BLASBackend(threads: compute.threads).matmul(a, b)
        let product = try compute.makeBackend().matmul(a, b)
        let difference = zip(product.scalars, reference.scalars).map { abs($0 - $1) }.max() ?? 0
        print(
            "backend \(compute.backend.rawValue), \(compute.threads) threads: max |difference| from OpenBLAS on 129×65×300 = \(difference)"
        )
        print("convolutions: \(compute.convolution.rawValue) (--conv im2col|winograd)")
    }
}
