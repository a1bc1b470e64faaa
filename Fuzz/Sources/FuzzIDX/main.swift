import DigitsData
import FuzzSupport

/// One IDX file, raw or gzip (the corpus holds both), read as labels (1 dimension) and as images
/// (3 dimensions). The reader must refuse bad input with a `DataError`, never allocating more than
/// the input delivers.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIDX(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let input = bytes(start, count)
    for dimensions in [1, 3] {
        if let file = expectOnly(
            [DataError.self], parser: "IDXFile",
            {
                try IDXFile(bytes: input, path: "fuzz-input", dimensionCount: dimensions)
            })
        {
            precondition(file.bytes.count == file.dimensions.reduce(1, *), "data size differs from the header's")
        }
    }
    return 0
}
