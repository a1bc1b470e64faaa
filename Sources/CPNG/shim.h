// libpng's simplified API, from Debian's libpng-dev. Its version and format constants are macros,
// so Swift reaches them through these functions.
#include <png.h>
#include <string.h>

/// Reads the header of the PNG in `data`; the image is then ready for digits_png_finish_gray_alpha.
static inline int digits_png_begin(png_image *image, const void *data, size_t size) {
    memset(image, 0, sizeof *image);
    image->version = PNG_IMAGE_VERSION;
    return png_image_begin_read_from_memory(image, data, size);
}

/// Decodes every pixel as 8-bit gray + alpha (whatever the file's depth, colour type or palette).
static inline int digits_png_finish_gray_alpha(png_image *image, void *buffer) {
    image->format = PNG_FORMAT_GA;
    return png_image_finish_read(image, NULL, buffer, 0, NULL);
}

static inline size_t digits_png_gray_alpha_size(const png_image *image) {
    return (size_t)image->width * (size_t)image->height * 2;
}
