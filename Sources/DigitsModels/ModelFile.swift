import DigitsModelCore
import Foundation

/// A model file's bytes, read once, with its safetensors form when it is one.
public struct ModelFile: Sendable {
    public let path: String
    public let bytes: Data
    /// The parsed file, when it is valid safetensors (decoding checked every tensor and the checksum).
    public let safetensors: Safetensors?
    /// Why the file is not valid safetensors, for the error when no kind of its own format claims it.
    let safetensorsProblem: (any Error)?

    public init(path: String) throws {
        let bytes: Data
        do {
            bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ModelError.unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        self.init(bytes: bytes, path: path)
    }

    /// A model file's bytes, already read (`path` names it in errors).
    public init(bytes: Data, path: String) {
        self.path = path
        self.bytes = bytes
        do {
            safetensors = try Safetensors.decode(bytes, path: path)
            safetensorsProblem = nil
        } catch {
            safetensors = nil
            safetensorsProblem = error
        }
    }

    /// The `digits.model` a safetensors file names (nil for other files).
    public var modelName: String? { safetensors?.metadata[ModelFileKey.model] }
}
