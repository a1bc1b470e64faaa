"""Composes the number-reading development set from real MNIST test digits (never trained on).

Each picture is one handwritten number of 2–8 digits, dark ink on a paper-like background with a
lighting gradient, sometimes a shadow, sensor noise and a small rotation, saved as PNG or as JPEG
(quality 60–90, gray or colour). Three spacing styles, a third each:

- spaced:   gaps of 0.25–0.8 digit heights between the digits' ink;
- tight:    gaps of 0.03–0.15 heights;
- touching: each digit slid against the one before until their ink touches, then up to a further
            0.06 heights into it.

Two disjoint parts: `dev` draws its digits from MNIST test images 0–4999 and is what the reader is
tuned on; `holdout` draws from images 5000–9999 and is only ever scored. `labels.json` lists each
file's number, style and format, and which MNIST test images its digits are. A third part, `train`,
draws from the 60,000 MNIST training images and is what the digit checker learns from (`make
checker-model`): each of its pictures comes with an owner map, `NNNN-owners.png`, whose pixel k + 1
marks where the k-th digit's ink is.

With `--on-desk`, each photo is instead a sheet lying on a darker desk, in a 4:3 frame two to four
times the size of the picture above: the sheet fills a random part of the frame round the number,
sometimes running past its top and bottom so that the desk shows only as strips at the sides, as
when a phone photographs a note lying on a table.

With `--paper lined` the page is ruled with light printed lines 0.45–0.8 digit heights apart, and with
`--paper squared` it is squared paper (the same lines both ways), turned with the page: a school
exercise book or a form, where the reader must tell printed lines from handwriting.

With `--paper boxes` each digit is written in a cell of a printed form field, a row of boxes, and with
`--paper comb` in a comb field: a printed baseline with short ticks between the cells (see
`compose_in_form`). There the spacing styles say how each digit sits in its cell: well inside it,
filling it, or crossing its wall or baseline.

With `--pen fine` each digit's strokes are thinned towards a ballpoint's width: over 1,000 MNIST
test digits drawn 80 pixels tall, the median stroke (twice the ink above 0.5 over its edge length)
is 7% of the digit's height, against MNIST's felt-tip 10% (quartiles 5.7–9.1% and 8.5–12%).
`--pen pencil` keeps MNIST's strokes but writes them faint and grainy, as a pencil or a washed-out
photo does: the stroke's darkest is 15–35% below the paper (a dark pen's 70–95%), and each pixel of
it 0–25% lighter still, the graphite's grain. `--pen mixed` alternates MNIST's and the fine pen,
number by number.

With `--tilt 10` each number is written 4–16° off the level, clockwise or anticlockwise, as on a page
photographed askew. With `--on-desk` as well, the sheet lies turned with the writing, so that the desk
shows beyond its slanted edges: as wedges in the corners, or as strips narrowing along a side.

With `--scan` each picture is instead a 300-dpi scan of a whole A4 page (2480×3508 pixels), evenly
lit white paper with the number somewhere on it: the digits 3–9 mm tall, a few thousandths of the
page, as on a form or a letter put through a scanner.

With `--crop tight` each finished photo is cut to its ink's box and a few pixels round it, as a
scanned form's field or a photo cropped to the number: margins of 0.02–0.12 digit heights instead
of 0.3–1.5, so there is little paper round the digits to tell the paper's brightness from.

With `--noise` each photo is as grainy as a phone's in dim light: Gaussian sensor noise with a
deviation of 4–11% of white (10–28 gray levels, against the 1–9 of the other sets), added per pixel
after the lens's blur. The noise is drawn from a stream of its own, so the set holds the same
pictures as the set with the same seed without it.

With `--shrink 4` each finished photo is reduced 4 times each way, each pixel the mean of the 4×4
it covers, as a low-resolution camera, a thumbnail or a 75-dpi scan gives it: the digits a quarter
as many pixels tall (10–28 instead of 40–110). Nothing else is drawn, so the set holds the pictures
of the set with the same seed and count, shrunk.

Usage: python3 make_numbers.py --mnist Data/mnist --out DIR --part dev|holdout|train [--count 300] [--seed 1]
       [--timing-photo FILE.jpg]   (also one 6-digit 1200×300 photo, for timing)
       [--on-desk | --scan] [--paper plain|lined|squared|boxes|comb] [--pen mnist|fine|mixed] [--crop loose|tight]
       [--noise] [--shrink N]
"""
import argparse
import gzip
import json
import math
import os

import numpy as np
from PIL import Image, ImageFilter

STYLES = ("spaced", "tight", "touching")


def load_mnist(directory, prefix):
    with gzip.open(os.path.join(directory, f"{prefix}-images-idx3-ubyte.gz")) as f:
        images = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 28, 28)
    with gzip.open(os.path.join(directory, f"{prefix}-labels-idx1-ubyte.gz")) as f:
        labels = np.frombuffer(f.read(), np.uint8, offset=8)
    return images, labels


def digit_ink(image, height, rng, pen="mnist"):
    """The digit's ink (0–1) cropped to its bounding box and scaled so that the box's longer side is
    `height`, as MNIST scaled each digit into its 20×20 box: a digit written wide stays wide and
    low, rather than being stretched to the line's height and becoming twice as wide as any digit.
    With the `fine` pen only the stroke's core is kept, the ink above 0.6 (full from 0.9): strokes
    about 30% thinner, nearer a ballpoint's width than MNIST's felt tip, with every stroke's
    saturated middle kept, so that no saturated stroke fades away."""
    rows = np.where(image.max(axis=1) > 0)[0]
    cols = np.where(image.max(axis=0) > 0)[0]
    crop = image[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    scale = height / max(crop.shape) * rng.uniform(0.9, 1.1)
    size = (max(2, round(crop.shape[1] * scale)), max(2, round(crop.shape[0] * scale)))
    ink = np.asarray(Image.fromarray(crop).resize(size, Image.BICUBIC), np.float32).clip(0, 255) / 255
    return ((ink - 0.6) / 0.3).clip(0, 1) if pen == "fine" else ink


def touching_offset(canvas, ink, top, threshold=0.3):
    """The left edge at which `ink` (placed at row `top`) first touches the ink already on `canvas`."""
    best = None
    for r in range(ink.shape[0]):
        new = np.where(ink[r] > threshold)[0]
        old = np.where(canvas[top + r] > threshold)[0]
        if len(new) and len(old):
            x = old[-1] + 1 - new[0]
            best = x if best is None else max(best, x)
    return best


def compose(digits, style, rng, pen="mnist"):
    height = rng.uniform(40, 110)
    inks = [digit_ink(d, height, rng, pen) for d in digits]
    tallest = max(i.shape[0] for i in inks)
    width = sum(i.shape[1] for i in inks) + int(len(inks) * height) + 10
    band = tallest + int(0.3 * height) + 4
    canvas = np.zeros((band, width), np.float32)
    owners = np.zeros((band, width), np.uint8)
    x = 2
    for k, ink in enumerate(inks):
        top = int(rng.uniform(0, 0.12) * height) + (tallest - ink.shape[0]) // 2
        top = min(max(top, 0), band - ink.shape[0])
        if k > 0:
            if style == "spaced":
                x = right + int(rng.uniform(0.25, 0.8) * height)
            elif style == "tight":
                x = right + int(rng.uniform(0.03, 0.15) * height)
            else:
                contact = touching_offset(canvas, ink, top)
                x = (contact if contact is not None else right) - int(rng.uniform(0, 0.06) * height)
        x = max(x, 0)
        region = (slice(top, top + ink.shape[0]), slice(x, x + ink.shape[1]))
        owners[region] = np.where((ink > 0.3) & (ink >= canvas[region]), k + 1, owners[region])
        canvas[region] = np.maximum(canvas[region], ink)
        right = x + ink.shape[1]
    used = np.where(canvas.max(axis=0) > 0)[0]
    return canvas[:, : used[-1] + 1], owners[:, : used[-1] + 1], height


def compose_in_form(digits, style, rng, pen="mnist", form="boxes"):
    """The digits written one to a cell of a printed form field, and the field's printed ink (0–1):
    a row of boxes (`boxes`), or a baseline with ticks rising between the cells (`comb`). The
    cells are 0.75–1.05 as wide as they are tall and never narrower than the widest digit with a
    little room. How each digit sits in its cell is the spacing style's: `spaced` well inside it
    (0.55–0.7 of its height), `tight` filling it (0.7–0.85) and `touching` as tall as it
    (0.85–1.0) and pushed against a wall or the baseline until it crosses it by up to 0.08 digit
    heights, as a hurried hand does. The lines are 1–3 pixels wide and 0.3–0.9 as dark as the pen;
    a row of boxes shares its walls, or (one time in three) stands apart, boxes a few pixels apart."""
    height = rng.uniform(40, 110)
    inks = [digit_ink(d, height, rng, pen) for d in digits]
    fill = {"spaced": (0.55, 0.7), "tight": (0.7, 0.85), "touching": (0.85, 1.0)}[style]
    cell_h = int(height / rng.uniform(*fill))
    cell_w = max(int(rng.uniform(0.75, 1.05) * cell_h), max(i.shape[1] for i in inks) + 4)
    gap = int(rng.integers(3, 8)) if form == "boxes" and rng.random() < 1 / 3 else 0
    line = int(rng.integers(1, 4))
    darkness = rng.uniform(0.3, 0.9)
    margin = int(0.2 * height) + 4
    band = cell_h + 2 * margin
    width = len(inks) * (cell_w + gap) + 2 * margin
    canvas = np.zeros((band, width), np.float32)
    owners = np.zeros((band, width), np.uint8)
    printed = np.zeros((band, width), np.float32)
    top_of_cells, bottom_of_cells = margin, margin + cell_h
    for k, ink in enumerate(inks):
        x0 = margin + k * (cell_w + gap)
        h, w = ink.shape
        room_x, room_y = max(0, cell_w - w), max(0, cell_h - h)
        x = x0 + int(rng.uniform(0.25, 0.75) * room_x)
        y = top_of_cells + int(rng.uniform(0.3, 0.8) * room_y)
        if style == "touching":
            past = int(rng.uniform(0, 0.08) * height)
            side = rng.integers(0, 3)
            if side == 0:
                x = x0 - past
            elif side == 1:
                x = x0 + cell_w - w + past
            else:
                y = bottom_of_cells - h + past
        x, y = min(max(x, 0), width - w), min(max(y, 0), band - h)
        region = (slice(y, y + h), slice(x, x + w))
        owners[region] = np.where((ink > 0.3) & (ink >= canvas[region]), k + 1, owners[region])
        canvas[region] = np.maximum(canvas[region], ink)
        if form == "boxes":
            printed[top_of_cells : bottom_of_cells + line, x0 : x0 + line] = darkness
            printed[top_of_cells : bottom_of_cells + line, x0 + cell_w : x0 + cell_w + line] = darkness
            printed[top_of_cells : top_of_cells + line, x0 : x0 + cell_w + line] = darkness
            printed[bottom_of_cells : bottom_of_cells + line, x0 : x0 + cell_w + line] = darkness
    if form == "comb":
        tick = int(rng.uniform(0.2, 0.5) * cell_h)
        right = margin + len(inks) * cell_w
        printed[bottom_of_cells : bottom_of_cells + line, margin : right + line] = darkness
        for x0 in range(margin, right + 1, cell_w):
            printed[bottom_of_cells - tick : bottom_of_cells, x0 : x0 + line] = darkness
    return canvas, owners, height, printed


def printed_lines(shape, height, paper, rng):
    """The printed lines of ruled or squared paper over a page of `shape`, as ink (0–1): lines one
    or two pixels wide, 0.45–0.8 digit heights apart, 0.25–0.45 as dark as the pen."""
    lines = np.zeros(shape, np.float32)
    if paper == "plain":
        return lines
    spacing = max(4, int(rng.uniform(0.45, 0.8) * height))
    width = int(rng.integers(1, 3))
    darkness = rng.uniform(0.25, 0.45)
    start = int(rng.integers(0, spacing))
    for y in range(start, shape[0], spacing):
        lines[y : y + width, :] = darkness
    if paper == "squared":
        for x in range(int(rng.integers(0, spacing)), shape[1], spacing):
            lines[:, x : x + width] = darkness
    return lines


A4_AT_300_DPI = (3508, 2480)


def photograph(
    ink, owners, height, rng, on_desk=False, paper="plain", crop="loose", crop_rng=None, pen="mnist", tilt=0, scan=False,
    noise_rng=None, printed=None,
):
    """Ink on paper: margins, a small rotation, uneven light, maybe a shadow, noise and blur. The
    owner map goes through the same margins and rotation. On a desk, the paper is a sheet in a
    larger frame (`desk_layout`) and the rest a darker desk, under the same light. Ruled or squared
    paper has its printed lines under the ink, turned with it. A tight crop cuts the finished photo
    to its ink's box and a margin of 0.02–0.12 digit heights, drawn from `crop_rng`, so that a set
    cropped tight holds the same pictures as the set with the same seed left loose, cut down. A
    pencil's ink is faint and grainy (see the module's docstring). `tilt` degrees are added to the
    rotation, one way or the other. A scan is the photo placed on an A4 page, evenly lit. With a
    `noise_rng`, a dim-light sensor's noise is added after the blur, drawn from it. `printed` is a form
    field's printed ink, placed as `ink` is."""
    pad = [int(rng.uniform(0.3, 1.5) * height) for _ in range(4)]
    ink = np.pad(ink, ((pad[0], pad[1]), (pad[2], pad[3])))
    owners = np.pad(owners, ((pad[0], pad[1]), (pad[2], pad[3])))
    if printed is not None:
        ink = np.maximum(ink, np.pad(printed, ((pad[0], pad[1]), (pad[2], pad[3]))))
    else:
        ink = np.maximum(ink, printed_lines(ink.shape, height, paper, rng))
    angle = rng.uniform(-6, 6)
    if tilt:
        angle += tilt * rng.choice((-1, 1))
    ink = np.asarray(Image.fromarray(ink).rotate(angle, Image.BILINEAR, expand=True), np.float32)
    owners = Image.fromarray(owners).rotate(angle, Image.NEAREST, expand=True)
    box = None
    if crop == "tight":
        rows, cols = np.where(ink.max(axis=1) > 0.1)[0], np.where(ink.max(axis=0) > 0.1)[0]
        margin = int(crop_rng.uniform(0.02, 0.12) * height)
        box = (max(0, cols[0] - margin), max(0, rows[0] - margin),
               min(ink.shape[1], cols[-1] + 1 + margin), min(ink.shape[0], rows[-1] + 1 + margin))
    sheet = None
    if on_desk:
        frame_h, frame_w, (y0, x0), (top, bottom, left, right) = desk_layout(ink.shape, rng)
        framed = np.zeros((frame_h, frame_w), np.float32)
        framed[y0 : y0 + ink.shape[0], x0 : x0 + ink.shape[1]] = ink
        ink = framed
        owners_framed = np.zeros((frame_h, frame_w), np.uint8)
        owners_framed[y0 : y0 + owners.height, x0 : x0 + owners.width] = np.asarray(owners)
        owners = Image.fromarray(owners_framed)
        sheet = np.zeros((frame_h, frame_w), np.uint8)
        sheet[top:bottom, left:right] = 255
        if tilt:  # the sheet lies askew, turned with the writing on it
            centre = (x0 + ink.shape[1] / 2, y0 + ink.shape[0] / 2)
            sheet = np.asarray(Image.fromarray(sheet).rotate(angle, Image.NEAREST, center=centre))
        sheet = sheet > 0
    if scan:
        page = np.zeros(A4_AT_300_DPI, np.float32)
        y0, x0 = (int(rng.integers(0, page.shape[i] - ink.shape[i] + 1)) for i in (0, 1))
        page[y0 : y0 + ink.shape[0], x0 : x0 + ink.shape[1]] = ink
        owners_page = np.zeros(A4_AT_300_DPI, np.uint8)
        owners_page[y0 : y0 + owners.height, x0 : x0 + owners.width] = np.asarray(owners)
        ink, owners = page, Image.fromarray(owners_page)
    h, w = ink.shape
    direction = rng.uniform(0, 2 * math.pi)  # drawn for a scan too, which keeps its random stream as it was
    if scan:  # evenly lit
        paper = np.full(ink.shape, rng.uniform(0.88, 0.97), np.float32)
    else:
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        ramp = (np.cos(direction) * xx / w + np.sin(direction) * yy / h)
        paper = rng.uniform(0.7, 0.95) - rng.uniform(0, 0.35) * (ramp - ramp.min()) / max(np.ptp(ramp), 1e-6)
        if rng.random() < 0.3:  # a soft shadow across one side
            edge = rng.uniform(0.2, 0.8) * w
            shadow = 1 / (1 + np.exp(-(xx - edge) / (0.05 * w)))
            paper = paper * (1 - rng.uniform(0.2, 0.45) * shadow)
    darkest = rng.uniform(0.05, 0.3)
    if pen == "pencil":  # graphite darkens the paper under it by a share, in the light or in a shadow
        grain = rng.uniform(0.75, 1, ink.shape).astype(np.float32)
        picture = paper * (1 - rng.uniform(0.15, 0.35) * ink * grain)
    else:
        picture = paper - ink * (paper - darkest * paper.mean())
    if sheet is not None:
        picture = np.where(sheet, picture, paper * rng.uniform(0.15, 0.55))
    picture = picture + rng.normal(0, rng.uniform(0.005, 0.035), picture.shape)
    image = Image.fromarray((picture.clip(0, 1) * 255).astype(np.uint8))
    image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.0)))
    if noise_rng is not None:
        grain = noise_rng.normal(0, noise_rng.uniform(0.04, 0.11) * 255, (image.height, image.width))
        image = Image.fromarray((np.asarray(image, np.float32) + grain).clip(0, 255).astype(np.uint8))
    return (image, owners) if box is None else (image.crop(box), owners.crop(box))


def desk_layout(shape, rng):
    """Where a photo of `shape` lies in a 4:3 frame two to four times its size, and the extent of
    the sheet round it: (frame height, frame width, photo's top-left, sheet's top, bottom, left,
    right). The sheet sometimes runs past the frame's top and bottom, the desk only strips at the sides."""
    h, w = shape
    width = int(max(w, 4 / 3 * h) * rng.uniform(2, 4))
    height = int(width * 3 / 4)
    top, bottom = (int(rng.uniform(0, 0.35) * (height - h)) for _ in range(2))
    left, right = (int(rng.uniform(0, 0.35) * (width - w)) for _ in range(2))
    if rng.random() < 0.3:
        top = bottom = 0
    y0 = top + int(rng.uniform(0.3, 0.7) * (height - top - bottom - h))
    x0 = left + int(rng.uniform(0.3, 0.7) * (width - left - right - w))
    return height, width, (y0, x0), (top, height - bottom, left, width - right)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mnist", default="Data/mnist")
    parser.add_argument("--out", required=True)
    parser.add_argument("--part", choices=("dev", "holdout", "train"), required=True)
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timing-photo", help="also write one 6-digit spaced photo of 1200×300 pixels here")
    parser.add_argument("--on-desk", action="store_true", help="each photo the middle of a sheet on a desk")
    parser.add_argument("--scan", action="store_true", help="each picture a 300-dpi scan of an A4 page")
    parser.add_argument("--paper", choices=("plain", "lined", "squared", "boxes", "comb"), default="plain")
    parser.add_argument(
        "--pen", choices=("mnist", "fine", "pencil", "mixed"), default="mnist",
        help="MNIST's own strokes, a fine pen's (thinned), a pencil's (faint), or MNIST's and fine in turn")
    parser.add_argument(
        "--tilt", type=float, default=0,
        help="degrees added to each number's rotation (of up to ±6), clockwise or anticlockwise")
    parser.add_argument(
        "--crop", choices=("loose", "tight"), default="loose",
        help="margins of 0.3-1.5 digit heights round the number, or a crop to a few pixels round its ink")
    parser.add_argument("--noise", action="store_true", help="a phone's sensor noise in dim light (see above)")
    parser.add_argument("--shrink", type=int, default=1, help="reduce each finished photo this many times each way")
    args = parser.parse_args()
    if args.scan and (args.on_desk or args.crop == "tight"):
        parser.error("--scan is a whole page: not with --on-desk or --crop tight")
    images, labels = load_mnist(args.mnist, "train" if args.part == "train" else "t10k")
    pool = {"dev": np.arange(0, 5000), "holdout": np.arange(5000, 10000), "train": np.arange(0, 60000)}[args.part]
    rng = np.random.default_rng([args.seed, ("dev", "holdout", "train").index(args.part)])
    os.makedirs(args.out, exist_ok=True)
    crop_rng = np.random.default_rng([args.seed, 3])
    noise_rng = np.random.default_rng([args.seed, 4]) if args.noise else None
    entries = []
    for n in range(args.count):
        style = STYLES[n % 3]
        length = int(rng.integers(2, 9))
        chosen = rng.choice(pool, length, replace=False)
        pen = args.pen if args.pen != "mixed" else ("mnist", "fine")[n % 2]
        printed = None
        if args.paper in ("boxes", "comb"):
            ink, owners, height, printed = compose_in_form([images[i] for i in chosen], style, rng, pen, args.paper)
        else:
            ink, owners, height = compose([images[i] for i in chosen], style, rng, pen)
        picture, owners = photograph(
            ink, owners, height, rng, on_desk=args.on_desk, paper=args.paper, crop=args.crop, crop_rng=crop_rng,
            pen=pen, tilt=args.tilt, scan=args.scan, noise_rng=noise_rng, printed=printed)
        if args.shrink > 1:
            picture = picture.reduce(args.shrink)
            owners = owners.resize(picture.size, Image.NEAREST)
        number = "".join(str(labels[i]) for i in chosen)
        if rng.random() < 0.5:
            name, fmt = f"{n:04d}-{style}.png", "png"
            picture.save(os.path.join(args.out, name))
        else:
            quality = int(rng.integers(60, 91))
            if rng.random() < 0.5:  # colour: a tinted page and a blue-black pen
                tint = np.asarray(picture, np.float32)[..., None] * np.array(rng.uniform(0.85, 1, 3))
                picture = Image.fromarray(tint.clip(0, 255).astype(np.uint8), "RGB")
            name, fmt = f"{n:04d}-{style}.jpg", f"jpeg-q{quality}"
            picture.save(os.path.join(args.out, name), quality=quality)
        entry = {"file": name, "number": number, "style": style, "format": fmt}
        if args.part == "train":
            entry["owners"] = f"{n:04d}-owners.png"
            owners.save(os.path.join(args.out, entry["owners"]))
        else:  # which test images, so that score.py can read them as MNIST stores them
            entry["mnist_test_images"] = [int(i) for i in chosen]
        entries.append(entry)
    if args.timing_photo:
        chosen = rng.choice(pool, 6, replace=False)
        ink, owners, height = compose([images[i] for i in chosen], "spaced", rng)
        photo, _ = photograph(ink, owners, height, rng)
        # Padded with its own paper to 4:1, then scaled: the digits keep their shapes.
        width = max(photo.width, 4 * photo.height)
        canvas = Image.new("L", (width, width // 4), int(np.median(np.asarray(photo))))
        canvas.paste(photo, ((width - photo.width) // 2, (width // 4 - photo.height) // 2))
        canvas.resize((1200, 300), Image.BICUBIC).save(args.timing_photo, quality=85)
    with open(os.path.join(args.out, "labels.json"), "w") as f:
        json.dump(entries, f, indent=1)
    source = "training" if args.part == "train" else "test"
    print(f"{args.count} numbers in {args.out} ({args.part}: MNIST {source} images {pool[0]}–{pool[-1]})")


if __name__ == "__main__":
    main()
