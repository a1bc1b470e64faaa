// CPUID and XGETBV for DigitsCompute's CPUFeatures: what the processor offers and what the operating
// system has enabled. Swift has no inline assembly, so these two small wrappers live here. On other
// architectures they report nothing.
#ifndef DIGITS_CPUID_SHIM_H
#define DIGITS_CPUID_SHIM_H

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>

/// registers[0…3] = EAX, EBX, ECX, EDX of CPUID(leaf, subleaf); all zero past the highest leaf.
static inline void digits_cpuid(unsigned leaf, unsigned subleaf, unsigned registers[4]) {
    registers[0] = registers[1] = registers[2] = registers[3] = 0;
    if (leaf > __get_cpuid_max(leaf & 0x80000000u, 0)) return;
    __cpuid_count(leaf, subleaf, registers[0], registers[1], registers[2], registers[3]);
}

/// XCR0, the register-state components the OS saves (call only when CPUID reports OSXSAVE).
static inline unsigned long long digits_xgetbv0(void) {
    unsigned eax, edx;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return ((unsigned long long)edx << 32) | eax;
}
#else
static inline void digits_cpuid(unsigned leaf, unsigned subleaf, unsigned registers[4]) {
    (void)leaf; (void)subleaf;
    registers[0] = registers[1] = registers[2] = registers[3] = 0;
}
static inline unsigned long long digits_xgetbv0(void) { return 0; }
#endif

#endif
