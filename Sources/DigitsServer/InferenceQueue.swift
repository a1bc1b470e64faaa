import Dispatch

/// Bounds the inferences running at once, with a short queue behind them. Each prediction is CPU
/// work for one core: letting every request start at once only makes them all share the cores and
/// all finish late. A request that finds every slot busy and the queue full is refused at once
/// (503 with Retry-After) instead of waiting without bound.
public actor InferenceQueue {
    public let slots: Int
    public let queueLimit: Int
    private var running = 0
    private var waiting = [CheckedContinuation<Void, Never>]()

    public init(slots: Int, queueLimit: Int) {
        precondition(slots >= 1 && queueLimit >= 0, "an inference queue needs a slot and a queue of 0 or more")
        (self.slots, self.queueLimit) = (slots, queueLimit)
    }

    /// Requests waiting for a slot now.
    public var waitingCount: Int { waiting.count }
    /// Inferences running now.
    public var runningCount: Int { running }

    /// Takes a slot, waiting in line if none is free; false, at once, when the line is full too.
    public func enter() async -> Bool {
        if running < slots {
            running += 1
            return true
        }
        guard waiting.count < queueLimit else { return false }
        await withCheckedContinuation { waiting.append($0) }
        return true
    }

    /// Gives the slot to the first request in line, or frees it.
    public func leave() {
        if waiting.isEmpty {
            running -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }

    /// Runs `work` in a slot, on a thread of its own outside Swift's cooperative pool (a blocking
    /// product there would starve the server's other tasks); nil when the queue is full.
    public nonisolated func run<Answer: Sendable>(_ work: @escaping @Sendable () throws -> Answer) async throws
        -> Answer?
    {
        guard await enter() else { return nil }
        let result = await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: Result { try work() }) }
        }
        await leave()
        return try result.get()
    }
}
