import Crypto
import DigitsClassical
import DigitsData
import Foundation
import FuzzSupport

/// One forest file (`RandomForestFile.swift` documents the format). The input is the file without
/// its SHA-256 trailer, which is appended here: otherwise almost every mutation would stop at the
/// checksum and the structure behind it would go untested. A forest that loads must also score an
/// image, since its node links were checked on the way in.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzForestFile(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let body = bytes(start, count)
    let file = Data(body + SHA256.hash(data: body))
    guard
        let forest = expectOnly(
            [ClassicalError.self], parser: "RandomForest",
            {
                try RandomForest.decode(file, path: "fuzz-input")
            })
    else { return 0 }
    let image = LabeledImages(
        images: [UInt8](repeating: 128, count: forest.featureCount), labels: [0], rows: 1,
        columns: forest.featureCount, classCount: forest.classCount)
    _ = expectOnly(
        [ClassicalError.self], parser: "RandomForest.probabilities",
        {
            try forest.probabilities(for: image, threads: 1)
        })
    return 0
}
