"""Writes the PNG fixtures of the recognition tests, in every PNG flavour a user may hand us, from
MNIST test image 0 (a 7) — plus the bad inputs. Pure Python (zlib + struct): no imaging library.
Run: python3 make_png_fixtures.py   (from this directory; reads ../../../Data/mnist)
"""
import gzip
import struct
import zlib

with gzip.open("../../../Data/mnist/t10k-images-idx3-ubyte.gz") as f:
    f.read(16)
    digit = list(f.read(28 * 28))  # white ink on black, row-major


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def png(width, height, bit_depth, color_type, rows, palette=None, transparency=None):
    """rows: a list of bytes objects, one per scanline, without the filter byte."""
    raw = b"".join(b"\x00" + row for row in rows)
    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 0))
    if palette:
        out += chunk(b"PLTE", b"".join(bytes(c) for c in palette))
    if transparency:
        out += chunk(b"tRNS", bytes(transparency))
    return out + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def enlarged(factor):
    """The digit enlarged by pixel repetition, dark ink on a light page (as a scan or a canvas)."""
    size = 28 * factor
    return size, [[255 - digit[(y // factor) * 28 + (x // factor)] for x in range(size)] for y in range(size)]


size, page = enlarged(4)
write = lambda name, data: open(name, "wb").write(data)
write("gray8.png", png(size, size, 8, 0, [bytes(r) for r in page]))
write("gray16.png", png(size, size, 16, 0, [b"".join(struct.pack(">H", v * 257) for v in r) for r in page]))
write("rgb8.png", png(size, size, 8, 2, [bytes(c for v in r for c in (v, v, v)) for r in page]))
# A canvas export: black strokes whose alpha is the ink, on a fully transparent background.
write("rgba-transparent.png", png(size, size, 8, 6, [bytes(c for v in r for c in (0, 0, 0, 255 - v)) for r in page]))
write("gray-alpha.png", png(size, size, 8, 4, [bytes(c for v in r for c in (0, 255 - v)) for r in page]))
# Palette: 16 gray levels.
levels = [[(v * 15 + 127) // 255 for v in r] for r in page]
write("palette.png", png(size, size, 8, 3, [bytes(r) for r in levels], palette=[(i * 17,) * 3 for i in range(16)]))
write("white-on-black.png", png(28, 28, 8, 0, [bytes(digit[y * 28:(y + 1) * 28]) for y in range(28)]))
write("blank.png", png(64, 64, 8, 0, [bytes([255] * 64)] * 64))
write("tiny.png", png(1, 1, 8, 0, [bytes([0])]))
write("empty.png", b"")
write("text.png", b"this is not an image\n")
write("jpeg.png", bytes([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10]) + b"JFIF\x00" + bytes(64))
full = png(size, size, 8, 0, [bytes(r) for r in page])
write("truncated.png", full[: len(full) // 2])
# A decompression bomb's header: 20000×20000 pixels claimed, almost no data.
write("bomb.png", png(20000, 20000, 8, 0, [bytes(20000)]))
print("wrote the fixtures")
