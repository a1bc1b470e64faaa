import Foundation

/// The JSON of a model file's description, with its keys sorted: a seeded run then writes the same
/// bytes every time (a dictionary's key order otherwise changes from process to process).
public func modelFileJSON<Value: Encodable>(_ value: Value) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return try encoder.encode(value)
}
