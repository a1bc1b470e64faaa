import Testing

@testable import DigitsServer

/// The bound on concurrent inferences, step by step (no timing: each step waits for the state it needs).
@Suite struct InferenceQueueTests {
    @Test func slotsThenLineThenRefusal() async throws {
        let queue = InferenceQueue(slots: 1, queueLimit: 1)
        #expect(await queue.enter())
        let waiter = Task { await queue.enter() }
        while await queue.waitingCount < 1 { await Task.yield() }
        #expect(await queue.enter() == false, "a full line refuses at once")
        await queue.leave()
        #expect(await waiter.value, "the first in line gets the slot that is given up")
        #expect(await queue.runningCount == 1)
        #expect(await queue.waitingCount == 0)
        await queue.leave()
        #expect(await queue.runningCount == 0)
    }

    @Test func runGivesTheAnswerOrNil() async throws {
        let queue = InferenceQueue(slots: 1, queueLimit: 0)
        #expect(try await queue.run { 6 * 7 } == 42)
        #expect(await queue.enter())
        #expect(try await queue.run { 1 } == nil, "no slot and no line: refused")
        await queue.leave()
        struct Failure: Error {}
        await #expect(throws: Failure.self) { try await queue.run { throw Failure() } }
        #expect(await queue.runningCount == 0, "a failed inference gives its slot back")
    }
}
