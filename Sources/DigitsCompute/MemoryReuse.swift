/// Tells the C allocator to keep freed memory for reuse instead of returning it to the kernel.
///
/// Training allocates the same large activation buffers (up to tens of MB) every batch. By default
/// glibc serves big blocks with `mmap` and trims the heap on free, so each batch paid for fresh
/// zeroed pages: page faults were about a tenth of a training run's CPU time. With high mmap and
/// trim thresholds the freed blocks are simply reused. Process-wide; call once before long work.
public func retainFreedMemoryForReuse() {
    #if os(Linux)
        // `<malloc.h>` is not part of Swift's Glibc module: the constants are glibc's M_TRIM_THRESHOLD
        // (-1) and M_MMAP_THRESHOLD (-3).
        _ = glibcMallopt(-3, 512 << 20)
        _ = glibcMallopt(-1, 1 << 30)
    #endif
}

#if os(Linux)
    @_silgen_name("mallopt")
    private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
