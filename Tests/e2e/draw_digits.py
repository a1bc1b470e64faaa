"""End-to-end test of the drawing page in a real browser.

Starts `digits serve` on a free loopback port, drives headless Chromium (Selenium) to draw digits with
pointer strokes on the canvas, checks that the page shows the expected predictions, then writes a
four-digit number in number mode and checks the number it reads; it saves a screenshot of each. Then a bounded load test on loopback with wrk (Debian's `wrk`): POST /api/predict with a
PNG from 8 and from 64 connections for --seconds each, reporting requests/s, p50/p99 latency, 503s
and socket errors.

Usage: python3 draw_digits.py --digits PATH/TO/digits [--screenshot FILE] [--png FILE] [--seconds N]
"""
import argparse
import math
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.common.actions.pointer_input import PointerInput
from selenium.webdriver.common.actions.interaction import POINTER_PEN, POINTER_MOUSE, POINTER_TOUCH
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

# Strokes in the canvas' own 280×280 coordinates: lists of polylines.
STROKES = {
    "1": [[(140, 50), (140, 230)]],
    "7": [[(80, 60), (200, 60), (120, 235)]],
    "0": [[(140 + 55 * math.sin(t * math.pi / 12), 140 - 90 * math.cos(t * math.pi / 12)) for t in range(25)]],
    "4": [[(170, 50), (80, 170), (205, 170)], [(170, 50), (170, 235)]],
    "2": [[(85, 95), (110, 60), (160, 52), (195, 85), (185, 130), (90, 225), (205, 225)]],
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url, server, seconds=600):
    """Polls until the server answers; the bound only ends a run whose server hangs, and a server
    that exits is reported at once."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"digits serve exited with status {server.returncode} before answering")
        try:
            with urllib.request.urlopen(url, timeout=30) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server at {url} did not come up in {seconds} s")


def draw(driver, canvas, polylines, kind, width=280, height=280):
    """Draws polylines (in the canvas' own `width × height` pixels) with pointer events of `kind`
    (mouse, pen or touch)."""
    box = canvas.rect
    scale = box["width"] / width
    pointer = PointerInput(kind, kind)
    actions = ActionBuilder(driver, mouse=pointer)
    for line in polylines:
        def to_offset(p):
            # Offsets are from the element's centre.
            return int((p[0] - width / 2) * scale), int((p[1] - height / 2) * scale)
        x, y = to_offset(line[0])
        actions.pointer_action.move_to(canvas, x, y).pointer_down()
        for a, b in zip(line, line[1:]):
            for step in range(1, 7):  # several moves per segment, as a hand would make
                t = step / 6
                x, y = to_offset((a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t))
                actions.pointer_action.move_to(canvas, x, y)
        actions.pointer_action.pointer_up()
    actions.perform()


def answered(driver):
    """How many prediction requests the page has had answered (its body's data-answered)."""
    return int(driver.execute_script("return document.body.dataset.answered || '0'"))


def wait_for_answer(driver, before):
    """Until the page has answered the last stroke: a request came back after the strokes began and
    none is in flight or due. A condition, not a fixed wait; the bound only ends a hung run."""
    WebDriverWait(driver, 120).until(
        lambda d: answered(d) > before and d.execute_script("return document.body.dataset.busy") == "false")


def number_test(driver, screenshot):
    """Number mode: four digits written side by side on the wide canvas (840×280) with the pen; the
    page must show the whole number and a box round each digit."""
    driver.find_element(By.ID, "mode-number").click()
    canvas = driver.find_element(By.ID, "pad")
    expected = "2074"
    before = answered(driver)
    strokes = [[(x + 200 * i + 20, y) for x, y in line] for i, d in enumerate(expected) for line in STROKES[d]]
    draw(driver, canvas, strokes, POINTER_PEN, width=840, height=280)
    wait_for_answer(driver, before)
    shown = driver.find_element(By.ID, "number").text.strip()
    print(f"wrote {expected} in number mode: page shows {shown} "
          f"({driver.find_element(By.ID, 'number-confidence').text})")
    driver.save_screenshot(screenshot)
    print(f"screenshot: {screenshot}")
    return [] if shown == expected else [f"wrote {expected} in number mode, the page shows {shown}"]


def browser_test(url, screenshot, number_screenshot):
    options = webdriver.ChromeOptions()
    for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=900,800"]:
        options.add_argument(flag)
    # Debian's chromium and chromedriver, named explicitly so Selenium never looks for a download.
    options.binary_location = shutil.which("chromium") or shutil.which("chromium-browser") or ""
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=shutil.which("chromedriver")))
    failures = []
    try:
        driver.get(url)
        canvas = driver.find_element(By.ID, "pad")
        for index, (expected, polylines) in enumerate(STROKES.items()):
            driver.find_element(By.ID, "clear").click()
            kind = [POINTER_MOUSE, POINTER_PEN, POINTER_TOUCH][index % 3]
            before = answered(driver)
            draw(driver, canvas, polylines, kind)
            wait_for_answer(driver, before)
            shown = driver.find_element(By.ID, "digit").text.strip()
            confidence = driver.find_element(By.ID, "confidence").text
            print(f"drew {expected} with {kind}: page shows {shown} ({confidence})")
            if shown != expected:
                failures.append(f"drew {expected}, the page shows {shown}")
            if expected == "4":
                driver.save_screenshot(screenshot)
                print(f"screenshot: {screenshot}")
        failures += number_test(driver, number_screenshot)
    finally:
        driver.quit()
    return failures


def wrk_run(url, png_path, connections, seconds):
    """`wrk -t2 -cN -dS --latency` POSTing the PNG to /api/predict (a real HTTP client, not Python's);
    returns its figures: requests/s, p50 and p99 in ms, socket errors, and non-2xx answers (503s)."""
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "post_png.lua")
    run = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", script, url + "api/predict"],
        capture_output=True, text=True, env={**os.environ, "DIGITS_PNG": png_path}, check=True)
    out = run.stdout
    unit = {"us": 0.001, "ms": 1.0, "s": 1000.0}

    def latency(percent):
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        return float(match.group(1)) * unit[match.group(2)]

    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "connections": connections,
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": latency(50), "p99_ms": latency(99),
        "socket_errors": sum(int(g) for g in errors.groups()) if errors else 0,
        "non_2xx": int(non2xx.group(1)) if non2xx else 0,
    }


def load_test(url, png_path, seconds):
    """8 connections must all be answered; at 64 the server may answer 503 (its queue is full) but
    must drop nothing: no socket error at either."""
    failures = []
    for connections in (8, 64):
        figures = wrk_run(url, png_path, connections, seconds)
        print(f"wrk, {connections} connections, {seconds} s: {figures['requests_per_second']:.0f} requests/s, "
              f"p50 {figures['p50_ms']:.2f} ms, p99 {figures['p99_ms']:.2f} ms, "
              f"{figures['non_2xx']} answered 503, {figures['socket_errors']} socket errors")
        if figures["socket_errors"]:
            failures.append(f"{connections} connections: {figures['socket_errors']} socket errors")
        if connections == 8 and figures["non_2xx"]:
            failures.append(f"8 connections: {figures['non_2xx']} requests refused")
    return failures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--digits", required=True)
    parser.add_argument("--screenshot", default="serve-screenshot.png")
    parser.add_argument("--number-screenshot", default="serve-number-screenshot.png")
    parser.add_argument("--png", help="PNG for the load test")
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk run")
    args = parser.parse_args()
    port = free_port()
    server = subprocess.Popen([args.digits, "serve", "--host", "127.0.0.1", "--port", str(port)])
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_for(url + "api/health", server)
        failures = browser_test(url, args.screenshot, args.number_screenshot)
        if args.png:
            failures += load_test(url, args.png, args.seconds)
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    if failures:
        print("FAILED:\n  " + "\n  ".join(failures[:20]))
        sys.exit(1)
    print("end-to-end test passed")


if __name__ == "__main__":
    main()
