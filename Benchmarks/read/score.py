"""Scores `digits read --json` on sets made by make_numbers.py: whole-number accuracy and digit
accuracy (over the numbers read at the right length) for each spacing style, and the time to read
one 6-digit 1200×300 photo inside one process (the median over 5 runs of 101 reads against 1 read,
so that start-up and model loading cancel out). Writes a Markdown report and its JSON.

Each style of a set is read by one `digits read` process, and its time per number is that
process's time over its numbers: start-up and model loading (about 0.25 s) are shared among them.

Beside each style's whole-number accuracy stands the share of its numbers whose every digit
`digits predict` reads right in its original form, 28×28 as MNIST stores it (`mnist_test_images`
in labels.json): what the model reads with no cutting, scaling or photographing at all. A digit
the model misreads even there is seldom read right in a photo, though scaled and blurred it can be.

Usage: python3 score.py --digits PATH/TO/digits --set DIR [--set DIR…] [--timing-photo FILE]
       [--markdown OUT.md] [--show-mistakes N] [--read-option=--no-checker …] [--mnist Data/mnist]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

from PIL import Image

from make_numbers import load_mnist


def read(digits, files, options=()):
    start = time.monotonic()
    run = subprocess.run([digits, "read", "--json", *options, *files], capture_output=True, text=True)
    return json.loads(run.stdout), time.monotonic() - start


def misread_originals(digits, mnist, indices):
    """The MNIST test images among `indices` that `digits predict` reads as another digit."""
    images, labels = load_mnist(mnist, "t10k")
    with tempfile.TemporaryDirectory() as directory:
        paths = {}
        for i in sorted(indices):
            paths[i] = os.path.join(directory, f"{i}.png")
            Image.fromarray(images[i]).save(paths[i])
        run = subprocess.run([digits, "predict", "--json", *paths.values()], capture_output=True, text=True, check=True)
        by_path = {a["file"]: a["digit"] for a in json.loads(run.stdout)}
    return {i for i, path in paths.items() if by_path[path] != labels[i]}


def score(entries, answers, misread):
    by_file = {a["file"]: a for a in answers}
    rows = {}
    for style in ("spaced", "tight", "touching", "all"):
        chosen = [e for e in entries if style == "all" or e["style"] == style]
        right = digits_right = digits_total = right_length = readable = 0
        for e in chosen:
            readable += not misread.intersection(e.get("mnist_test_images", []))
            got = by_file[e["path"]].get("number")
            right += got == e["number"]
            if got is not None and len(got) == len(e["number"]):
                right_length += 1
                digits_total += len(got)
                digits_right += sum(a == b for a, b in zip(got, e["number"]))
        rows[style] = {
            "numbers": len(chosen),
            "number_accuracy": right / max(1, len(chosen)),
            "right_length": right_length / max(1, len(chosen)),
            "digit_accuracy": digits_right / max(1, digits_total),
            "originals_right": readable / max(1, len(chosen)),
        }
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--digits", required=True)
    parser.add_argument("--set", action="append", required=True)
    parser.add_argument("--timing-photo")
    parser.add_argument("--markdown")
    parser.add_argument("--show-mistakes", type=int, default=0)
    parser.add_argument("--read-option", action="append", default=[], help="passed on to `digits read`")
    parser.add_argument("--mnist", default="Data/mnist", help="the MNIST files the sets' digits come from")
    args = parser.parse_args()
    report = {"sets": {}}
    lines = ["# Reading whole numbers", "", f"Command: `make bench-read` (`{' '.join(sys.argv)}`)", ""]
    sets = {}
    for directory in args.set:
        with open(os.path.join(directory, "labels.json")) as f:
            sets[directory] = json.load(f)
    # Every set's original digits are read in one run: the sets share many of them.
    originals = {i for entries in sets.values() for e in entries for i in e.get("mnist_test_images", [])}
    misread = misread_originals(args.digits, args.mnist, originals) if originals else set()
    for directory, entries in sets.items():
        for e in entries:
            e["path"] = os.path.join(directory, e["file"])
        # Each style is read by a process of its own, so that its time per number can be given.
        answers, seconds = [], {}
        for style in sorted({e["style"] for e in entries}):
            files = [e["path"] for e in entries if e["style"] == style]
            found, seconds[style] = read(args.digits, files, args.read_option)
            answers += found
            seconds[style] /= len(files)
        seconds["all"] = sum(seconds[e["style"]] for e in entries) / len(entries)
        rows = score(entries, answers, misread)
        for style, r in rows.items():
            r["seconds_per_number"] = seconds[style]
        name = os.path.basename(os.path.normpath(directory))
        report["sets"][name] = rows
        print(f"{name}: {len(entries)} numbers")
        lines += [f"## {name}: {len(entries)} numbers", "", "| style | numbers | whole-number accuracy | every digit right as MNIST stores it | read at the right length | digit accuracy (right length) | ms per number |", "|---|---|---|---|---|---|---|"]
        for style, r in rows.items():
            ms = 1000 * r["seconds_per_number"]
            print(f"  {style:9} {r['numbers']:4}  number {r['number_accuracy']:.3f}  originals {r['originals_right']:.3f}  length {r['right_length']:.3f}  digit {r['digit_accuracy']:.4f}  {ms:.0f} ms each")
            lines.append(f"| {style} | {r['numbers']} | {r['number_accuracy']:.3f} | {r['originals_right']:.3f} | {r['right_length']:.3f} | {r['digit_accuracy']:.4f} | {ms:.0f} |")
        lines.append("")
        by_file = {a["file"]: a for a in answers}
        mistakes = [e for e in entries if by_file[e["path"]].get("number") != e["number"]]
        for e in mistakes[: args.show_mistakes]:
            got = by_file[e["path"]]
            print(f"    {e['file']}: wanted {e['number']}, read {got.get('number', got.get('error'))}")
    if args.timing_photo:
        runs = []
        for _ in range(5):
            _, one = read(args.digits, [args.timing_photo], args.read_option)
            _, many = read(args.digits, [args.timing_photo] * 101, args.read_option)
            runs.append((many - one) / 100 * 1000)
        report["read_ms_1200x300_6_digits"] = statistics.median(runs)
        print(f"one 6-digit 1200×300 photo: {statistics.median(runs):.1f} ms (median of {runs})")
        lines += [f"Reading one 6-digit 1200×300 JPEG inside one process: **{statistics.median(runs):.1f} ms** "
                  f"(median of 5; runs {', '.join(f'{r:.1f}' for r in runs)} ms).", ""]
    if args.markdown:
        os.makedirs(os.path.dirname(args.markdown) or ".", exist_ok=True)
        with open(args.markdown, "w") as f:
            f.write("\n".join(lines))
        with open(os.path.splitext(args.markdown)[0] + ".json", "w") as f:
            json.dump(report, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
