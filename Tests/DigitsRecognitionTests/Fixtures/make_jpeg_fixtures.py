"""Writes the JPEG fixtures of the recognition tests with Pillow (libjpeg-turbo underneath), from the
same enlarged MNIST test image 0 (a 7, dark on light) as gray8.png: baseline gray, progressive RGB,
CMYK (Pillow writes Adobe's inverted CMYK with an APP14 segment), the picture stored turned with
EXIF orientations 3, 6 and 8, and the bad inputs (truncated; a header claiming 60000×60000 pixels).
Then the number fixtures: spaced numbers from make_numbers.py's composer, one of them stored
turned with EXIF orientation 6, numbers whose digits touch (`touching.json`), and a sheet lying
askew on a desk with its corner in the picture (`askew-708.jpg`).
Run: python3 make_jpeg_fixtures.py   (from this directory; needs numpy and Pillow)
"""
import io
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
from PIL import Image, ImageOps

sys.path.insert(0, "../../../Benchmarks/read")
import make_numbers  # noqa: E402

page = Image.open("gray8.png").convert("L")
page.save("baseline-gray.jpg", quality=90)
page.convert("RGB").save("progressive-rgb.jpg", quality=90, progressive=True)
page.convert("CMYK").save("cmyk.jpg", quality=90)


def oriented(upright, orientation, name):
    """Stores `upright` so that a viewer honouring the EXIF orientation shows it upright."""
    stored = {3: Image.ROTATE_180, 6: Image.ROTATE_90, 8: Image.ROTATE_270}[orientation]
    exif = Image.Exif()
    exif[0x0112] = orientation
    buffer = io.BytesIO()
    upright.transpose(stored).save(buffer, "JPEG", quality=90, exif=exif.tobytes())
    shown = ImageOps.exif_transpose(Image.open(io.BytesIO(buffer.getvalue())))
    assert shown.size == upright.size, (orientation, shown.size)
    open(name, "wb").write(buffer.getvalue())


# A wider page, so that a turn shows in the size: the digit on a 112×80 crop.
wide = page.crop((0, 16, 112, 96))
wide.save("upright.jpg", quality=90)
for orientation in (3, 6, 8):
    oriented(wide, orientation, f"orientation-{orientation}.jpg")

full = open("baseline-gray.jpg", "rb").read()
open("truncated.jpg", "wb").write(full[: len(full) // 2])
# The bomb: the baseline file with its frame header (SOF0) patched to claim 60000×60000 pixels.
sof = full.index(b"\xff\xc0")
open("bomb.jpg", "wb").write(full[: sof + 5] + (60000).to_bytes(2, "big") * 2 + full[sof + 9 :])

# Numbers: spaced, from MNIST test images the models never trained on.
images, labels = make_numbers.load_mnist("../../../Data/mnist", "t10k")
rng = np.random.default_rng(2026)
numbers = []
for n in range(8):
    chosen = rng.choice(np.arange(5000), int(rng.integers(2, 9)), replace=False)
    ink, owners, height = make_numbers.compose([images[i] for i in chosen], "spaced", rng)
    picture, _ = make_numbers.photograph(ink, owners, height, rng)
    name = f"number-{n}.png" if n % 2 == 0 else f"number-{n}.jpg"
    picture.save(name, quality=80) if name.endswith("jpg") else picture.save(name)
    numbers.append({"file": name, "number": "".join(str(labels[i]) for i in chosen)})
    if n == 1:
        oriented(picture, 6, "number-1-orientation-6.jpg")
json.dump(numbers, open("numbers.json", "w"), indent=1)
touching = []
for n in range(12):
    chosen = rng.choice(np.arange(5000), int(rng.integers(2, 6)), replace=False)
    ink, owners, height = make_numbers.compose([images[i] for i in chosen], "touching", rng)
    picture, _ = make_numbers.photograph(ink, owners, height, rng)
    name = f"touching-{n}.jpg"
    picture.save(name, quality=80)
    touching.append({"file": name, "number": "".join(str(labels[i]) for i in chosen)})
json.dump(touching, open("touching.json", "w"), indent=1)
# A sheet lying askew on a desk, its top-right corner in the picture: picture 0012 (708) of
# Benchmarks/read's askew set (`make bench-read`), halved.
with tempfile.TemporaryDirectory() as folder:
    subprocess.run(
        [sys.executable, "../../../Benchmarks/read/make_numbers.py", "--mnist", "../../../Data/mnist", "--out", folder,
         "--part", "dev", "--seed", "12", "--count", "13", "--on-desk", "--tilt", "10"],
        check=True, stdout=subprocess.DEVNULL)
    sheet = Image.open(os.path.join(folder, "0012-spaced.png")).convert("L")
sheet.resize((sheet.width // 2, sheet.height // 2), Image.BILINEAR).save("askew-708.jpg", quality=88)
print("wrote the JPEG and number fixtures")
