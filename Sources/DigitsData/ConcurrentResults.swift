import Foundation

/// Results written by concurrent workers (`DispatchQueue.concurrentPerform`), one slot each.
public final class ConcurrentResults<Value>: @unchecked Sendable {
    private var slots: [Result<Value, Error>?]
    private let lock = NSLock()

    public init(count: Int) { slots = Array(repeating: nil, count: count) }

    public func set(_ index: Int, _ result: Result<Value, Error>) {
        lock.lock()
        defer { lock.unlock() }
        slots[index] = result
    }

    /// The value worker `index` produced, or the error it threw.
    public func get(_ index: Int) throws -> Value {
        lock.lock()
        defer { lock.unlock() }
        return try slots[index]!.get()
    }
}
