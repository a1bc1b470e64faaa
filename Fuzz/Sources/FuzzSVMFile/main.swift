import DigitsClassical
import DigitsCompute
import DigitsData
import DigitsModelCore
import Foundation
import FuzzSupport

/// One safetensors file through the SVM loaders: a linear SVM (optionally with its PCA) or a
/// random-features SVM, chosen by the file's metadata as `evaluate` and `predict` choose. A model
/// that loads must also score an image.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSVMFile(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let file = safetensors(start, count) else { return 0 }
    let model: (any Classifier)? = expectOnly(
        [ClassicalError.self], parser: "SVM file",
        {
            if file.metadata[ModelFileKey.model] == RandomFeatureSVM.modelType {
                return try RandomFeatureSVM(file, path: "fuzz-input")
            }
            return try LinearSVM(file, path: "fuzz-input")
        })
    if let model {
        let image = LabeledImages(
            images: [UInt8](repeating: 128, count: 784), labels: [0], rows: 28, columns: 28,
            classCount: model.classCount)
        _ = expectOnly(
            [ClassicalError.self], parser: "SVM scores",
            {
                try model.scores(for: image, backend: ComputeBackendKind.blas.makeBackend(threads: 1))
            })
    }
    return 0
}
