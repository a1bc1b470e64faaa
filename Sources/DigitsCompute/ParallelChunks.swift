import Dispatch

/// Runs `body` over `0..<count` split into at most `threads` contiguous chunks, in parallel.
///
/// Used for per-image work around the GEMMs (im2col, col2im, pooling) that would otherwise leave
/// the second core idle. Each index is visited exactly once; chunks never overlap, so bodies that
/// write disjoint slices of one buffer need no locking.
public func parallelChunks(_ count: Int, threads: Int, _ body: (Range<Int>) -> Void) {
    parallelChunks(count, threads: threads) { _, range in body(range) }
}

/// As above, also passing each chunk's index (`0..<min(threads, count)`), for per-thread scratch
/// such as partial sums.
public func parallelChunks(_ count: Int, threads: Int, _ body: (_ chunk: Int, _ range: Range<Int>) -> Void) {
    let chunks = max(1, min(threads, count))
    guard chunks > 1 else {
        if count > 0 { body(0, 0..<count) }
        return
    }
    withoutActuallyEscaping(body) { body in
        let work = UncheckedSendable(body)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            work.value(chunk, (chunk * count / chunks)..<((chunk + 1) * count / chunks))
        }
    }
}

/// The threads worth using for one pass over `elements` values: all of them from 65,536 values,
/// otherwise one. Waking a parked worker costs tens of microseconds on a virtual machine: on the
/// 2-core AMD EPYC, two 32-µs halves of a loop took 100 µs on two threads, the whole loop 65 µs on
/// one, so the passes of single-image inference (a pooled image is 36,864 values) stay on one.
public func threadsWorthWaking(_ threads: Int, forElements elements: Int) -> Int {
    elements >= 1 << 16 ? threads : 1
}

/// Runs `body(task)` for every task in `0..<count` on up to `threads` workers, worker k taking tasks
/// k, k + T, k + 2T, …: for independent tasks of similar cost (a forest's trees, an SVM's machines),
/// so the workers finish together. Each task must depend only on its index (seed it by the index),
/// so results do not depend on the thread count.
public func parallelInterleaved(_ count: Int, threads: Int, _ body: (_ task: Int) -> Void) {
    let workers = max(1, min(threads, count))
    parallelChunks(workers, threads: workers) { worker, _ in
        for task in stride(from: worker, to: count, by: workers) { body(task) }
    }
}

/// Hands a value to Dispatch's worker threads. Only for work split into disjoint parts that the
/// caller waits for (`concurrentPerform` returns when every part is done).
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
