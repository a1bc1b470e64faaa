import DigitsData
import DigitsNN
import Foundation
import FuzzSupport

/// One safetensors file through the network checkpoint loader (`digits train --resume`,
/// `evaluate`, `predict`): the container, then the architecture, tensors and training state.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCheckpoint(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let file = safetensors(start, count) else { return 0 }
    _ = expectOnly(
        [TrainingError.self], parser: "NetworkCheckpoint", { try NetworkCheckpoint(file, path: "fuzz-input") })
    return 0
}
