import DigitsCompute

/// Glorot-uniform initialisation (Glorot & Bengio, 2010), the Keras default for kernels: uniform in
/// ±√(6 / (fanIn + fanOut)). For a convolution the fans count the kernel window:
/// `fanIn = inputChannels·kh·kw`, `fanOut = outputChannels·kh·kw`.
func glorotUniform(shape: [Int], fanIn: Int, fanOut: Int, using rng: inout SplitMix64) -> Tensor {
    let limit = (6 / Float(fanIn + fanOut)).squareRoot()
    return Tensor.random(shape: shape, in: -limit...limit, using: &rng)
}
