// libpng's simplified API, from Debian's libpng-dev. Its version and format constants are macros,
// so Swift reaches them through these functions.
#include <png.h>
#include <stdlib.h>
#include <string.h>

/// Reads the header of the PNG in `data`; the image is then ready for digits_png_finish_gray_alpha.
static inline int digits_png_begin(png_image *image, const void *data, size_t size) {
    memset(image, 0, sizeof *image);
    image->version = PNG_IMAGE_VERSION;
    return png_image_begin_read_from_memory(image, data, size);
}

/// Decodes every pixel as 8-bit gray + alpha (whatever the file's depth, colour type or palette),
/// keeping the stored levels: libpng treats 16-bit data as linear light and would gamma-encode it on
/// the way to 8 bits, so 16-bit files are read as 16-bit (premultiplied) and narrowed here instead.
static inline int digits_png_finish_gray_alpha(png_image *image, png_bytep buffer) {
    if (!(image->format & PNG_FORMAT_FLAG_LINEAR)) {
        image->format = PNG_FORMAT_GA;
        return png_image_finish_read(image, NULL, buffer, 0, NULL);
    }
    size_t pixels = (size_t)image->width * (size_t)image->height;
    png_uint_16p wide = malloc(pixels * 2 * sizeof(png_uint_16));
    if (wide == NULL) return 0;
    image->format = PNG_FORMAT_LINEAR_Y_ALPHA;
    int ok = png_image_finish_read(image, NULL, wide, 0, NULL);
    for (size_t i = 0; ok && i < pixels; i++) {
        unsigned gray = wide[2 * i], alpha = wide[2 * i + 1];
        unsigned straight = alpha ? (unsigned)(((unsigned long)gray * 65535 + alpha / 2) / alpha) : 0;
        buffer[2 * i] = (png_byte)((straight > 65535 ? 65535 : straight) >> 8);
        buffer[2 * i + 1] = (png_byte)(alpha >> 8);
    }
    free(wide);
    return ok;
}

static inline size_t digits_png_gray_alpha_size(const png_image *image) {
    return (size_t)image->width * (size_t)image->height * 2;
}
