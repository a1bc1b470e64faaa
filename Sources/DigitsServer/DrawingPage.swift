/// The drawing page: one self-contained HTML document (styles and script inline, no CDN) with a
/// canvas for mouse, touch and pen, live predictions, a probability chart and the 28×28 image the
/// model saw.
enum DrawingPage {
    static let html = #"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Digits — draw a digit</title>
        <style>
          :root { --ink: #1f2937; --accent: #1f77b4; --muted: #6b7280; }
          * { box-sizing: border-box; }
          body { margin: 0; font-family: system-ui, -apple-system, "DejaVu Sans", sans-serif; color: var(--ink); background: #f5f6f8; }
          main { max-width: 860px; margin: 0 auto; padding: 16px; }
          h1 { font-size: 1.4rem; margin: 0 0 4px; }
          p.lead { margin: 0 0 16px; color: var(--muted); }
          .layout { display: flex; flex-wrap: wrap; gap: 20px; align-items: flex-start; }
          .panel { background: white; border-radius: 12px; padding: 14px; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
          #pad { width: min(84vw, 340px); height: min(84vw, 340px); border: 2px solid #d1d5db; border-radius: 8px;
                 touch-action: none; cursor: crosshair; background: white; display: block; }
          .controls { display: flex; gap: 12px; align-items: center; margin-top: 10px; flex-wrap: wrap; }
          button { font: inherit; padding: 6px 16px; border-radius: 6px; border: 1px solid #9ca3af; background: #fff; cursor: pointer; }
          button:hover { background: #f3f4f6; }
          #digit { font-size: 4.5rem; font-weight: 700; line-height: 1; min-height: 4.5rem; }
          #confidence, #status { color: var(--muted); min-height: 1.3em; }
          .bars { display: grid; grid-template-columns: 1.2em 1fr 3.6em; gap: 4px 8px; align-items: center; margin-top: 12px; width: min(84vw, 320px); }
          .bar { height: 14px; background: #e5e7eb; border-radius: 3px; overflow: hidden; }
          .bar > div { height: 100%; width: 0; background: var(--accent); transition: width .15s; }
          .bar.best > div { background: #2ca02c; }
          .value { font-variant-numeric: tabular-nums; font-size: .85rem; text-align: right; }
          #seen { width: 112px; height: 112px; image-rendering: pixelated; border: 1px solid #d1d5db; background: black; }
          footer { margin-top: 18px; color: var(--muted); font-size: .85rem; }
          /* On a phone the result panel sits below the canvas: repeat the answer where the finger is. */
          #inline-result { display: none; font-size: 1.1rem; margin-top: 8px; min-height: 1.4em; }
          @media (max-width: 700px) { #inline-result { display: block; } }
        </style>
        </head>
        <body>
        <main>
          <h1>Draw a digit</h1>
          <p class="lead">Draw one digit, 0 to 9, in the box. The prediction updates as you draw.</p>
          <div class="layout">
            <div class="panel">
              <canvas id="pad" width="280" height="280" aria-label="drawing area"></canvas>
              <div class="controls">
                <button id="clear" type="button">Clear</button>
                <label>Brush <input id="brush" type="range" min="6" max="40" value="18"></label>
              </div>
              <div id="inline-result"></div>
            </div>
            <div class="panel">
              <div id="digit" data-testid="digit"></div>
              <div id="confidence"></div>
              <div id="status">Draw a digit to start.</div>
              <div class="bars" id="bars"></div>
              <p>What the model saw (28×28):</p>
              <canvas id="seen" width="28" height="28"></canvas>
            </div>
          </div>
          <footer id="model"></footer>
        </main>
        <script>
        "use strict";
        const pad = document.getElementById("pad");
        const context = pad.getContext("2d");
        const brush = document.getElementById("brush");
        const bars = document.getElementById("bars");
        const digit = document.getElementById("digit");
        const confidence = document.getElementById("confidence");
        const statusLine = document.getElementById("status");
        const seen = document.getElementById("seen").getContext("2d");
        const inlineResult = document.getElementById("inline-result");

        const barFills = [];
        for (let d = 0; d < 10; d++) {
          const label = document.createElement("div"); label.textContent = d;
          const bar = document.createElement("div"); bar.className = "bar"; const fill = document.createElement("div"); bar.appendChild(fill);
          const value = document.createElement("div"); value.className = "value"; value.textContent = "–";
          bars.append(label, bar, value);
          barFills.push({ bar, fill, value });
        }

        let drawing = false, last = null, inked = false, inFlight = false, again = false;

        function position(event) {
          const box = pad.getBoundingClientRect();
          return { x: (event.clientX - box.left) * pad.width / box.width, y: (event.clientY - box.top) * pad.height / box.height };
        }
        function stroke(from, to) {
          context.strokeStyle = "#000"; context.fillStyle = "#000";
          context.lineCap = "round"; context.lineJoin = "round"; context.lineWidth = Number(brush.value);
          context.beginPath(); context.moveTo(from.x, from.y); context.lineTo(to.x, to.y); context.stroke();
        }
        pad.addEventListener("pointerdown", event => {
          event.preventDefault(); pad.setPointerCapture(event.pointerId);
          drawing = true; last = position(event); stroke(last, last); inked = true; predictSoon();
        });
        pad.addEventListener("pointermove", event => {
          if (!drawing) return;
          const events = event.getCoalescedEvents ? event.getCoalescedEvents() : [event];
          for (const e of events) { const p = position(e); stroke(last, p); last = p; }
          predictSoon();
        });
        for (const type of ["pointerup", "pointercancel"]) {
          pad.addEventListener(type, () => { if (drawing) { drawing = false; predictSoon(); } });
        }
        document.getElementById("clear").addEventListener("click", () => {
          context.clearRect(0, 0, pad.width, pad.height); inked = false;
          digit.textContent = ""; confidence.textContent = ""; statusLine.textContent = "Draw a digit to start.";
          inlineResult.textContent = "";
          seen.clearRect(0, 0, 28, 28); showProbabilities(null);
        });

        // One request at a time; strokes made meanwhile trigger one more when it returns. The body's
        // data-answered (requests answered) and data-busy (a request in flight or due) let a test wait for
        // the answer to the last stroke instead of for a fixed time.
        let answered = 0;
        function markBusy(busy) { document.body.dataset.busy = busy; document.body.dataset.answered = answered; }
        function predictSoon() {
          if (!inked) return;
          if (inFlight) { again = true; markBusy(true); return; }
          inFlight = true; again = false; markBusy(true);
          fetch("/api/predict", { method: "POST", headers: { "Content-Type": "application/json" },
                                  body: JSON.stringify({ image: pad.toDataURL("image/png") }) })
            .then(response => response.json().then(body => ({ ok: response.ok, body })))
            .then(({ ok, body }) => {
              if (ok) { show(body); return; }
              statusLine.textContent = body.error || "error"; digit.textContent = "?"; inlineResult.textContent = statusLine.textContent;
            })
            .catch(error => { statusLine.textContent = "The server did not answer: " + error; })
            .finally(() => { inFlight = false; answered += 1; if (again) predictSoon(); else markBusy(false); });
        }
        function show(result) {
          digit.textContent = result.digit;
          confidence.textContent = "confidence " + (100 * result.confidence).toFixed(1) + "%";
          inlineResult.textContent = "Digit " + result.digit + " (" + confidence.textContent + ")";
          statusLine.textContent = "";
          showProbabilities(result);
          const image = seen.createImageData(28, 28);
          result.input.forEach((v, i) => { image.data.set([v, v, v, 255], 4 * i); });
          seen.putImageData(image, 0, 0);
        }
        function showProbabilities(result) {
          barFills.forEach((b, d) => {
            const p = result ? result.probabilities[d] : 0;
            b.fill.style.width = result ? Math.max(0, Math.min(1, p)) * 100 + "%" : "0";
            b.value.textContent = result ? p.toFixed(3) : "–";
            b.bar.classList.toggle("best", !!result && d === result.digit);
          });
        }
        fetch("/api/model").then(r => r.json()).then(m => {
          const accuracy = m.testAccuracy ? ", test accuracy " + (100 * m.testAccuracy).toFixed(2) + "%" : "";
          document.getElementById("model").textContent = "Model: " + m.model + accuracy + " (" + m.backend + " backend). Served by digits serve.";
        }).catch(() => {});
        </script>
        </body>
        </html>
        """#
}
