"""End-to-end test of the drawing page in a real browser.

Starts `digits serve` on a free loopback port, drives headless Chromium (Selenium) to draw digits with
pointer strokes on the canvas, checks that the page shows the expected predictions, and saves a
screenshot. Then a bounded load test: a fixed number of POST /api/predict requests from a few
threads on loopback, reporting requests/s, p50/p99 latency and errors.

Usage: python3 draw_digits.py --digits PATH/TO/digits [--screenshot FILE] [--requests N]
"""
import argparse
import base64
import json
import math
import shutil
import socket
import statistics
import subprocess
import sys
import threading
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


def draw(driver, canvas, polylines, kind):
    """Draws polylines on the canvas with pointer events of `kind` (mouse, pen or touch)."""
    box = canvas.rect
    scale = box["width"] / 280
    pointer = PointerInput(kind, kind)
    actions = ActionBuilder(driver, mouse=pointer)
    for line in polylines:
        def to_offset(p):
            # Offsets are from the element's centre.
            return int((p[0] - 140) * scale), int((p[1] - 140) * scale)
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


def browser_test(url, screenshot):
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
            # The page has answered the last stroke: a request came back after the strokes began and
            # none is in flight or due. A condition, not a fixed wait; the bound only ends a hung run.
            WebDriverWait(driver, 120).until(
                lambda d: answered(d) > before and d.execute_script("return document.body.dataset.busy") == "false")
            shown = driver.find_element(By.ID, "digit").text.strip()
            confidence = driver.find_element(By.ID, "confidence").text
            print(f"drew {expected} with {kind}: page shows {shown} ({confidence})")
            if shown != expected:
                failures.append(f"drew {expected}, the page shows {shown}")
            if expected == "4":
                driver.save_screenshot(screenshot)
                print(f"screenshot: {screenshot}")
    finally:
        driver.quit()
    return failures


def load_test(url, requests, threads, png):
    body = json.dumps({"image": "data:image/png;base64," + base64.b64encode(png).decode()}).encode()
    latencies, errors, lock = [], [], threading.Lock()
    per_thread = requests // threads

    def worker():
        for _ in range(per_thread):
            started = time.perf_counter()
            try:
                req = urllib.request.Request(url + "api/predict", data=body, headers={"Content-Type": "application/json"})
                with urllib.request.urlopen(req, timeout=10) as r:
                    r.read()
                    ok = r.status == 200
            except OSError as error:
                ok = False
                with lock:
                    errors.append(str(error))
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if not ok and not errors:
                    errors.append("non-200")

    started = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    wall = time.perf_counter() - started
    latencies.sort()
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000
    print(f"load test: {len(latencies)} requests from {threads} threads in {wall:.2f} s = {len(latencies) / wall:.0f} requests/s; "
          f"p50 {p(0.5):.2f} ms, p99 {p(0.99):.2f} ms, errors {len(errors)}")
    return errors


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--digits", required=True)
    parser.add_argument("--screenshot", default="serve-screenshot.png")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--png", help="PNG for the load test")
    args = parser.parse_args()
    port = free_port()
    server = subprocess.Popen([args.digits, "serve", "--host", "127.0.0.1", "--port", str(port)])
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_for(url + "api/health", server)
        failures = browser_test(url, args.screenshot)
        if args.png:
            failures += load_test(url, args.requests, args.threads, open(args.png, "rb").read())
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
