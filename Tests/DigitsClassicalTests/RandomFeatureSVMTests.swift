import DigitsCompute
import DigitsData
import DigitsModelCore
import Foundation
import Testing

@testable import DigitsClassical

/// Random Fourier features approximate the RBF kernel; the model round-trips through its file.
@Suite struct RandomFeatureSVMTests {
    static let corners = LinearSVMTests.corners

    /// z(x)·z(y) → exp(−γ‖x − y‖²) as D grows: with D = 20,000 the error is about 1/√D ≈ 0.007.
    @Test func featuresApproximateTheRBFKernel() throws {
        let images = LabeledImages(
            images: [0, 40, 200, 255, 10, 90, 160, 250, 255, 0, 0, 128], labels: [0, 1, 0],
            rows: 2, columns: 2, classCount: 2)
        let gamma: Float = 0.8
        let model = try RandomFeatureSVM.fit(
            images, features: 20_000, gamma: gamma, settings: LinearSVMSettings(),
            seed: 3, backend: BLASBackend(threads: 1))
        let z = try model.map.transform(images, backend: BLASBackend(threads: 1))
        let d = model.map.featureCount
        for (i, j) in [(0, 1), (0, 2), (1, 2), (0, 0)] {
            let approximate = (0..<d).reduce(0.0) { $0 + Double(z.scalars[i * d + $1]) * Double(z.scalars[j * d + $1]) }
            let distance = (0..<4).reduce(0.0) {
                let delta = Double(images.images[i * 4 + $1]) / 255 - Double(images.images[j * 4 + $1]) / 255
                return $0 + delta * delta
            }
            let exact = exp(-Double(gamma) * distance)
            #expect(abs(approximate - exact) < 0.03, "images \(i), \(j): \(approximate) vs \(exact)")
        }
    }

    @Test func separatesAndRoundTrips() throws {
        let backend = BLASBackend(threads: 1)
        let model = try RandomFeatureSVM.fit(
            Self.corners, features: 300, gamma: nil,
            settings: LinearSVMSettings(strategy: .oneVsOne, c: 10), seed: 2, backend: backend)
        #expect(try model.predictions(for: Self.corners, backend: backend) == Self.corners.labels.map(Int.init))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "digits-rff-\(UUID().uuidString).safetensors"
        ).path
        try model.save(to: path)
        let loaded = try RandomFeatureSVM(Safetensors.read(from: path), path: path)
        #expect(loaded == model)
        // A plain linear SVM file is not a random-features one, and the other way round.
        #expect(throws: ClassicalError.self) { try LinearSVM(Safetensors.read(from: path), path: path) }
        #expect(throws: ClassicalError.self) {
            try RandomFeatureSVM.fit(
                Self.corners, features: 0, gamma: nil, settings: LinearSVMSettings(), seed: 1, backend: backend)
        }
    }
}
