/// The drawing page: one self-contained HTML document (styles and script inline, no CDN) with a
/// canvas for mouse, touch and pen and two modes. "One digit": live predictions from every served
/// model side by side, each with its probabilities, and the 28×28 image they saw. "A number": a wide
/// canvas for several digits, read by `/api/read`, with a box round each digit found, its answer and
/// confidence, and the whole number in large type.
enum DrawingPage {
    static let html = #"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Digits — draw a digit or a number</title>
        <style>
          :root { --ink: #1f2937; --accent: #1f77b4; --muted: #6b7280; }
          * { box-sizing: border-box; }
          body { margin: 0; font-family: system-ui, -apple-system, "DejaVu Sans", sans-serif; color: var(--ink); background: #f5f6f8; }
          main { max-width: 860px; margin: 0 auto; padding: 16px; }
          h1 { font-size: 1.4rem; margin: 0 0 4px; }
          p.lead { margin: 0 0 16px; color: var(--muted); }
          .layout { display: flex; flex-wrap: wrap; gap: 20px; align-items: flex-start; }
          .panel { background: white; border-radius: 12px; padding: 14px; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
          .pad-wrap { position: relative; }
          #pad { width: min(84vw, 340px); height: min(84vw, 340px); border: 2px solid #d1d5db; border-radius: 8px;
                 touch-action: none; cursor: crosshair; background: white; display: block; }
          #pad.wide { width: min(92vw, 828px); height: calc(min(92vw, 828px) / 3); }
          #overlay { position: absolute; left: 2px; top: 2px; pointer-events: none; }
          .modes { display: flex; gap: 8px; margin-bottom: 12px; }
          button.mode.active { background: var(--ink); color: white; border-color: var(--ink); }
          #number { font-size: 4rem; font-weight: 700; letter-spacing: .08em; line-height: 1.1; min-height: 4.4rem; }
          .models { display: flex; flex-wrap: wrap; gap: 10px; margin-top: 12px; }
          .model { border: 1px solid #e5e7eb; border-radius: 8px; padding: 8px 10px; min-width: 160px; }
          .model h2 { font-size: .95rem; margin: 0 0 4px; }
          .model .answer { font-size: 2rem; font-weight: 700; }
          .model .bars { width: 160px; margin-top: 6px; }
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
          <h1>Draw a digit or a number</h1>
          <p class="lead" id="lead">Draw one digit, 0 to 9, in the box. Every model's answer updates as you draw.</p>
          <div class="modes">
            <button id="mode-digit" class="mode active" type="button">One digit</button>
            <button id="mode-number" class="mode" type="button">A number</button>
          </div>
          <div class="layout">
            <div class="panel">
              <div class="pad-wrap">
                <canvas id="pad" width="280" height="280" aria-label="drawing area"></canvas>
                <canvas id="overlay" width="280" height="280"></canvas>
              </div>
              <div class="controls">
                <button id="clear" type="button">Clear</button>
                <label>Brush <input id="brush" type="range" min="6" max="40" value="18"></label>
              </div>
              <div id="inline-result"></div>
            </div>
            <div class="panel" id="digit-panel">
              <div id="digit" data-testid="digit"></div>
              <div id="confidence"></div>
              <div id="status">Draw a digit to start.</div>
              <div class="models" id="models"></div>
              <p>What the models saw (28×28):</p>
              <canvas id="seen" width="28" height="28"></canvas>
            </div>
            <div class="panel" id="number-panel" hidden>
              <div id="number" data-testid="number"></div>
              <div id="number-confidence"></div>
              <div id="number-status">Write a number: digits side by side.</div>
            </div>
          </div>
          <footer id="model"></footer>
        </main>
        <script>
        "use strict";
        const pad = document.getElementById("pad");
        const context = pad.getContext("2d");
        const overlay = document.getElementById("overlay");
        const brush = document.getElementById("brush");
        const digit = document.getElementById("digit");
        const confidence = document.getElementById("confidence");
        const statusLine = document.getElementById("status");
        const models = document.getElementById("models");
        const seen = document.getElementById("seen").getContext("2d");
        const inlineResult = document.getElementById("inline-result");
        const number = document.getElementById("number");
        const numberConfidence = document.getElementById("number-confidence");
        const numberStatus = document.getElementById("number-status");

        let mode = "digit";
        let drawing = false, last = null, inked = false, inFlight = false, again = false;

        function setMode(next) {
          mode = next;
          const wide = mode === "number";
          pad.width = overlay.width = wide ? 840 : 280;  // resizing a canvas also clears it
          pad.classList.toggle("wide", wide);
          document.getElementById("digit-panel").hidden = wide;
          document.getElementById("number-panel").hidden = !wide;
          document.getElementById("mode-digit").classList.toggle("active", !wide);
          document.getElementById("mode-number").classList.toggle("active", wide);
          document.getElementById("lead").textContent = wide
            ? "Write a number, digits side by side, in the wide box. It is read as you write."
            : "Draw one digit, 0 to 9, in the box. Every model's answer updates as you draw.";
          clearAll();
        }
        document.getElementById("mode-digit").addEventListener("click", () => setMode("digit"));
        document.getElementById("mode-number").addEventListener("click", () => setMode("number"));

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
        function clearAll() {
          context.clearRect(0, 0, pad.width, pad.height); inked = false;
          overlay.getContext("2d").clearRect(0, 0, overlay.width, overlay.height);
          digit.textContent = ""; confidence.textContent = ""; statusLine.textContent = "Draw a digit to start.";
          number.textContent = ""; numberConfidence.textContent = ""; numberStatus.textContent = "Write a number: digits side by side.";
          inlineResult.textContent = ""; models.replaceChildren();
          seen.clearRect(0, 0, 28, 28);
        }
        document.getElementById("clear").addEventListener("click", clearAll);

        // One request at a time; strokes made meanwhile trigger one more when it returns. The body's
        // data-answered (requests answered) and data-busy (a request in flight or due) let a test wait for
        // the answer to the last stroke instead of for a fixed time.
        let answered = 0;
        function markBusy(busy) { document.body.dataset.busy = busy; document.body.dataset.answered = answered; }
        function predictSoon() {
          if (!inked) return;
          if (inFlight) { again = true; markBusy(true); return; }
          inFlight = true; again = false; markBusy(true);
          const asked = mode;
          fetch(asked === "number" ? "/api/read" : "/api/predict", {
              method: "POST", headers: { "Content-Type": "application/json" },
              body: JSON.stringify({ image: pad.toDataURL("image/png") }) })
            .then(response => response.json().then(body => ({ ok: response.ok, body })))
            .then(({ ok, body }) => {
              if (asked !== mode) return;  // the mode changed while the request was out
              if (ok) { asked === "number" ? showNumber(body) : show(body); return; }
              const message = body.error || "error";
              if (asked === "number") { numberStatus.textContent = message; number.textContent = "?"; }
              else { statusLine.textContent = message; digit.textContent = "?"; }
              inlineResult.textContent = message;
            })
            .catch(error => { statusLine.textContent = numberStatus.textContent = "The server did not answer: " + error; })
            .finally(() => { inFlight = false; answered += 1; if (again) predictSoon(); else markBusy(false); });
        }
        const percent = p => (100 * p).toFixed(1) + "%";
        function show(result) {
          digit.textContent = result.digit;
          confidence.textContent = "confidence " + percent(result.confidence);
          inlineResult.textContent = "Digit " + result.digit + " (" + confidence.textContent + ")";
          statusLine.textContent = "";
          models.replaceChildren(...result.models.map(modelCard));
          const image = seen.createImageData(28, 28);
          result.input.forEach((v, i) => { image.data.set([v, v, v, 255], 4 * i); });
          seen.putImageData(image, 0, 0);
        }
        // One model's answer and its ten scores: probabilities, or an SVM's margins (bars scaled
        // between the smallest and the largest).
        function modelCard(answer) {
          const card = document.createElement("div"); card.className = "model"; card.dataset.model = answer.model;
          const title = document.createElement("h2"); title.textContent = answer.model;
          const says = document.createElement("div"); says.className = "answer"; says.textContent = answer.digit;
          const how = document.createElement("div"); how.className = "value";
          how.textContent = answer.givesProbabilities ? "probability " + percent(answer.confidence) : "margin " + answer.confidence.toFixed(2);
          const bars = document.createElement("div"); bars.className = "bars";
          const low = Math.min(...answer.probabilities), high = Math.max(...answer.probabilities);
          answer.probabilities.forEach((p, d) => {
            const label = document.createElement("div"); label.textContent = d;
            const bar = document.createElement("div"); bar.className = "bar" + (d === answer.digit ? " best" : "");
            const fill = document.createElement("div");
            const share = answer.givesProbabilities ? p : (high > low ? (p - low) / (high - low) : 0);
            fill.style.width = Math.max(0, Math.min(1, share)) * 100 + "%"; bar.appendChild(fill);
            const value = document.createElement("div"); value.className = "value"; value.textContent = p.toFixed(3);
            bars.append(label, bar, value);
          });
          card.append(title, says, how, bars);
          return card;
        }
        function showNumber(result) {
          number.textContent = result.number;
          numberConfidence.textContent = "confidence " + percent(result.confidence) + " (" + result.digits.length + " digits)";
          numberStatus.textContent = "";
          inlineResult.textContent = "Number " + result.number;
          const ink = overlay.getContext("2d");
          ink.clearRect(0, 0, overlay.width, overlay.height);
          ink.lineWidth = 3; ink.strokeStyle = "#1f77b4"; ink.fillStyle = "#1f77b4"; ink.font = "bold 22px sans-serif";
          for (const d of result.digits) {
            const [x, y, w, h] = d.box;
            ink.strokeRect(x, y, w, h);
            ink.fillText(d.digit + " " + percent(d.confidence), x, Math.max(20, y - 6));
          }
        }
        // The overlay is drawn in the pad's pixels; keep it the pad's displayed size.
        new ResizeObserver(() => {
          overlay.style.width = pad.clientWidth + "px"; overlay.style.height = pad.clientHeight + "px";
        }).observe(pad);
        fetch("/api/models").then(r => r.json()).then(list => {
          const names = list.map(m => m.model + (m.testAccuracy ? " (test accuracy " + percent(m.testAccuracy) + ")" : ""));
          document.getElementById("model").textContent = "Models: " + names.join(", ") + "; " + list[0].backend
            + " backend. Numbers are read with " + list[0].model + ". Served by digits serve.";
        }).catch(() => {});
        </script>
        </body>
        </html>
        """#
}
