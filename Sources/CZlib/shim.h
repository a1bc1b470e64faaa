// zlib from Debian's zlib1g-dev. inflateInit2 is a macro, so Swift calls it through this function.
#include <zlib.h>

static inline int digits_inflateInit2(z_stream *stream, int windowBits) {
    return inflateInit2(stream, windowBits);
}
