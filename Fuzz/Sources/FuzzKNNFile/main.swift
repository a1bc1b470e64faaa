import DigitsClassical
import DigitsCompute
import DigitsData
import DigitsModels
import Foundation
import FuzzSupport

/// One file through the kNN loader, as `evaluate` and `predict` reach it through the registry; a
/// model that loads must also score an image. Only the loader's own errors may come out.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzKNNFile(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let file = ModelFile(bytes: Data(bytes(start, count)), path: "fuzz-input")
    guard file.safetensors != nil else { return 0 }
    let model = expectOnly([ClassicalError.self], parser: "kNN file") { try KNearestNeighborsKind().load(file) }
    if let model {
        let image = LabeledImages(
            images: [UInt8](repeating: 128, count: 784), labels: [0], rows: 28, columns: 28,
            classCount: model.classCount)
        let scores = expectOnly([ClassicalError.self], parser: "kNN scores") {
            try model.classifier.scores(for: image, backend: ComputeBackendKind.blas.makeBackend(threads: 1))
        }
        if let scores, scores.count != model.classCount {
            fatalError("kNN scores: \(scores.count) scores for \(model.classCount) classes")
        }
    }
    return 0
}
