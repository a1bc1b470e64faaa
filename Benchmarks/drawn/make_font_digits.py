"""Builds a test set of drawing-like digit images: digits rendered from the machine's fonts at random
size, position, rotation and stroke width, dark ink on a white page as a canvas export gives them,
written as PNG files with their labels in labels.csv. Drawn digits are not MNIST digits; this set
measures how `digits predict` does on such input.

Usage: python3 make_font_digits.py --out DIR [--per-font 10] [--seed 1]   (needs Pillow)
"""
import argparse
import csv
import glob
import os
import random

from PIL import Image, ImageDraw, ImageFont


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--per-font", type=int, default=10, help="images per digit and font")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    fonts = sorted(glob.glob("/usr/share/fonts/truetype/**/*.ttf", recursive=True))
    if not fonts:
        raise SystemExit("no TrueType fonts under /usr/share/fonts/truetype")
    os.makedirs(args.out, exist_ok=True)
    rows = []
    for font_path in fonts:
        name = os.path.splitext(os.path.basename(font_path))[0]
        for digit in range(10):
            for k in range(args.per_font):
                side = rng.choice([140, 200, 280, 400])
                size = int(side * rng.uniform(0.35, 0.8))
                font = ImageFont.truetype(font_path, size)
                glyph = Image.new("L", (side * 2, side * 2), 0)
                draw = ImageDraw.Draw(glyph)
                stroke = rng.randint(0, max(1, size // 14))
                draw.text((side, side), str(digit), font=font, fill=255, anchor="mm", stroke_width=stroke, stroke_fill=255)
                glyph = glyph.rotate(rng.uniform(-12, 12), resample=Image.BILINEAR)
                box = glyph.getbbox()
                glyph = glyph.crop(box)
                page = Image.new("L", (side, side), 0)
                limit = (max(0, side - glyph.width), max(0, side - glyph.height))
                page.paste(glyph, (rng.randint(0, limit[0]), rng.randint(0, limit[1])))
                page = Image.eval(page, lambda v: 255 - v)  # dark ink on white
                file = f"{name}-{digit}-{k}.png"
                page.save(os.path.join(args.out, file))
                rows.append((file, digit, name))
    with open(os.path.join(args.out, "labels.csv"), "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["file", "digit", "font"])
        writer.writerows(rows)
    print(f"{len(rows)} images from {len(fonts)} fonts in {args.out}")


if __name__ == "__main__":
    main()
