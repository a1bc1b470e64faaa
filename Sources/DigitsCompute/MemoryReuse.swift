/// Tells the C allocator to keep freed memory for reuse instead of returning it to the kernel.
///
/// Training allocates the same large activation buffers (up to tens of MB) every batch. By default
/// glibc serves big blocks with `mmap` and trims the heap on free, so each batch paid for fresh
/// zeroed pages: page faults were about a tenth of a training run's CPU time. With high mmap and
/// trim thresholds the freed blocks are simply reused.
///
/// Those thresholds held only for glibc's main arena. Threads other than the main one allocate from
/// arenas of their own, and there the big blocks still came back as fresh pages: `digits train`
/// (whose command runs on a worker thread) took 7,300 page faults per batch with Winograd, about 8%
/// of its CPU time. With one arena for every thread, 12,800 images took 70 thousand faults in all
/// instead of 1.39 million. The threads allocate a few blocks per layer and batch, so sharing the
/// arena's lock costs nothing measurable.
///
/// Process-wide. Call it first thing in `main`: a thread keeps the arena it first allocated from.
public func retainFreedMemoryForReuse() {
    #if os(Linux)
        // `<malloc.h>` is not part of Swift's Glibc module: the constants are glibc's M_TRIM_THRESHOLD
        // (-1), M_MMAP_THRESHOLD (-3) and M_ARENA_MAX (-8).
        _ = glibcMallopt(-3, 512 << 20)
        _ = glibcMallopt(-1, 1 << 30)
        _ = glibcMallopt(-8, 1)
    #endif
}

#if os(Linux)
    @_silgen_name("mallopt")
    private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
