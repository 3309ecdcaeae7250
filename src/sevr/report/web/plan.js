// plan.html: a search plan's probability map, segments and table. Plain JavaScript and Canvas.
// Every string from the plan is put on the page with textContent, never as HTML.
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("sevr-data").textContent);
  var U = D.ui;
  var canvas = document.getElementById("map"), ctx = canvas.getContext("2d");
  var slider = document.getElementById("period"), tip = document.getElementById("tip");
  var state = { k: 0, selected: -1, sortKey: "poa_now", sortDir: -1 };
  var api = { firstFrameMs: null };
  window.sevrPlan = api;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function pct(p) { return (100 * p).toFixed(p < 0.001 ? 3 : p < 0.1 ? 2 : 1) + "\u00a0%"; }
  function hrs(h) { return h.toFixed(h < 10 ? 1 : 0); }

  // ---- grids ---------------------------------------------------------------------------------
  var G = D.grid, n = G.rows * G.cols;
  function bytes(b64) { var s = atob(b64), a = new Uint8Array(s.length); for (var i = 0; i < s.length; i++) a[i] = s.charCodeAt(i); return a; }
  var P = bytes(G.p), LO = bytes(G.labels_lo), HI = G.labels ? bytes(G.labels) : null;
  var LAB = new Uint16Array(n);
  for (var i = 0; i < n; i++) LAB[i] = LO[i] + (HI ? 256 * HI[i] : 0);
  var heat = document.createElement("canvas"); heat.width = G.cols; heat.height = G.rows;
  var outline = document.createElement("canvas"); outline.width = G.cols; outline.height = G.rows;
  (function () {  // segment borders, once
    var cx = outline.getContext("2d"), img = cx.createImageData(G.cols, G.rows);
    for (var r = 0; r < G.rows; r++) for (var c = 0; c < G.cols; c++) {
      var j = r * G.cols + c, edge = (c + 1 < G.cols && LAB[j + 1] !== LAB[j]) || (r + 1 < G.rows && LAB[j + G.cols] !== LAB[j]);
      if (edge) { img.data[4 * j] = 40; img.data[4 * j + 1] = 30; img.data[4 * j + 2] = 20; img.data[4 * j + 3] = 110; }
    }
    cx.putImageData(img, 0, 0);
  })();
  function paintHeat() {  // the surface after period k: initial x (segment's POA now / POA before any search)
    var cx = heat.getContext("2d"), img = cx.createImageData(G.cols, G.rows), k = state.k;
    var f = D.segments.map(function (s) { return s.poa[0] > 0 ? Math.sqrt(s.poa[k] / s.poa[0]) : 0; });
    for (var j = 0; j < n; j++) {
      var v = Math.min(1, (P[j] / 255) * f[LAB[j]]);
      img.data[4 * j] = 200; img.data[4 * j + 1] = 30; img.data[4 * j + 2] = 40; img.data[4 * j + 3] = Math.round(215 * v);
    }
    cx.putImageData(img, 0, 0);
  }

  // ---- view ----------------------------------------------------------------------------------
  var view = { s: 1, ox: 0, oy: 0, dpr: 1 };
  var terrain = new Image();
  function layout() {
    var r = canvas.getBoundingClientRect();
    view.dpr = window.devicePixelRatio || 1;
    canvas.width = Math.max(1, Math.round(r.width * view.dpr)); canvas.height = Math.max(1, Math.round(r.height * view.dpr));
    var w = D.extent[1] - D.extent[0], h = D.extent[3] - D.extent[2];
    view.s = Math.min(canvas.width / w, canvas.height / h);
    view.ox = (canvas.width - w * view.s) / 2 - D.extent[0] * view.s;
    view.oy = (canvas.height - h * view.s) / 2 + D.extent[3] * view.s;
  }
  function px(x) { return view.ox + x * view.s; }
  function py(y) { return view.oy - y * view.s; }

  function draw() {
    var k = state.k, w = D.extent[1] - D.extent[0], h = D.extent[3] - D.extent[2];
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    if (terrain.complete && terrain.naturalWidth) ctx.drawImage(terrain, px(D.extent[0]), py(D.extent[3]), w * view.s, h * view.s);
    ctx.imageSmoothingEnabled = false;
    var gw = G.cols * G.cell * view.s, gh = G.rows * G.cell * view.s;
    ctx.drawImage(heat, px(G.west), py(G.north), gw, gh);
    ctx.drawImage(outline, px(G.west), py(G.north), gw, gh);
    ctx.imageSmoothingEnabled = true;
    // the hours of period k, written in the segments that get them
    ctx.font = Math.round(10 * view.dpr) + "px sans-serif"; ctx.textAlign = "center";
    D.segments.forEach(function (s, i) {
      var hk = k > 0 ? s.hours[k - 1] : 0, b = s.box;
      if (hk > 0) {
        ctx.strokeStyle = "#0b3d91"; ctx.lineWidth = 1.6 * view.dpr;
        ctx.strokeRect(px(b[0]) + view.dpr, py(b[3]) + view.dpr, (b[1] - b[0]) * view.s - 2 * view.dpr, (b[3] - b[2]) * view.s - 2 * view.dpr);
        if ((b[1] - b[0]) * view.s > 26 * view.dpr) {
          ctx.fillStyle = "#0b3d91"; ctx.fillText(hrs(hk) + " h", px((b[0] + b[1]) / 2), py((b[2] + b[3]) / 2) + 4 * view.dpr);
        }
      }
      if (i === state.selected) {
        ctx.strokeStyle = "#111"; ctx.lineWidth = 3 * view.dpr;
        ctx.strokeRect(px(b[0]), py(b[3]), (b[1] - b[0]) * view.s, (b[3] - b[2]) * view.s);
      }
    });
    ctx.textAlign = "left";
    // the IPP and the landmarks
    function mark(x, y, text, color, size) {
      ctx.beginPath(); ctx.arc(px(x), py(y), size * view.dpr, 0, 2 * Math.PI); ctx.fillStyle = color; ctx.fill();
      ctx.strokeStyle = "white"; ctx.lineWidth = 1.5 * view.dpr; ctx.stroke();
      ctx.font = "bold " + Math.round(11 * view.dpr) + "px sans-serif"; ctx.lineWidth = 3 * view.dpr;
      ctx.strokeText(text, px(x) + 8 * view.dpr, py(y) - 6 * view.dpr); ctx.fillStyle = "#111";
      ctx.fillText(text, px(x) + 8 * view.dpr, py(y) - 6 * view.dpr);
    }
    D.landmarks.forEach(function (l) { mark(l.x, l.y, l.name, "#444", 3); });
    mark(D.ipp.x, D.ipp.y, D.ipp.name, "#0b3d91", 5);
    if (api.firstFrameMs === null && terrain.complete && terrain.naturalWidth) { api.firstFrameMs = performance.now(); document.body.dataset.ready = "1"; }
  }

  // ---- figures, table ------------------------------------------------------------------------
  function figures() {
    var k = state.k, f = document.getElementById("figures");
    f.textContent = "";
    var spent = 0;
    D.segments.forEach(function (s) { for (var j = 0; j < k; j++) spent += s.hours[j]; });
    [[U.rest_of_world, pct(D.row[k])], [U.cum_pos, pct(D.cum_pos[k])], [U.hours, hrs(spent) + " h"]].forEach(function (p) {
      var d = el("div"); d.appendChild(el("b", null, p[0] + ": ")); d.appendChild(document.createTextNode(p[1])); f.appendChild(d);
    });
    f.dataset.row = String(D.row[k]);
  }
  var COLS = [
    ["id", U.segment, function (s) { return s.id; }, String],
    ["poa_before", U.poa + "\u2080", function (s) { return s.poa[0]; }, pct],
    ["hours_k", U.hours, function (s) { return state.k > 0 ? s.hours[state.k - 1] : 0; }, hrs],
    ["pod", U.pod, function (s) { return s.pod[state.k]; }, pct],
    ["pos", U.pos, function (s) { return s.pos[state.k]; }, pct],
    ["poa_now", U.poa, function (s) { return s.poa[state.k]; }, pct]
  ];
  var tbody = document.querySelector("#segs tbody"), thead = document.querySelector("#segs thead tr");
  function buildTable() {
    thead.textContent = "";
    COLS.forEach(function (c) {
      var th = el("th", null, c[1] + (state.sortKey === c[0] ? (state.sortDir < 0 ? " ▼" : " ▲") : ""));
      th.dataset.key = c[0];
      th.addEventListener("click", function () {
        if (state.sortKey === c[0]) state.sortDir = -state.sortDir; else { state.sortKey = c[0]; state.sortDir = c[0] === "id" ? 1 : -1; }
        buildTable();
      });
      thead.appendChild(th);
    });
    var col = COLS.filter(function (c) { return c[0] === state.sortKey; })[0];
    var order = D.segments.map(function (s, i) { return i; });
    order.sort(function (a, b) {
      var va = col[2](D.segments[a]), vb = col[2](D.segments[b]);
      return (va < vb ? -1 : va > vb ? 1 : a - b) * state.sortDir;
    });
    tbody.textContent = "";
    order.forEach(function (i) {
      var s = D.segments[i], tr = el("tr", i === state.selected ? "sel" : null);
      tr.dataset.index = String(i);
      COLS.forEach(function (c) { tr.appendChild(el("td", null, c[3](c[2](s)))); });
      tr.addEventListener("click", function () { select(i, false); });
      tbody.appendChild(tr);
    });
  }
  function select(i, scroll) {
    state.selected = i;
    Array.prototype.forEach.call(tbody.children, function (tr) { tr.classList.toggle("sel", Number(tr.dataset.index) === i); });
    var row = tbody.querySelector("tr.sel");
    if (scroll && row && row.scrollIntoView) row.scrollIntoView({ block: "nearest" });
    draw();
  }
  function segmentAt(clientX, clientY) {
    var r = canvas.getBoundingClientRect();
    var x = ((clientX - r.left) * view.dpr - view.ox) / view.s, y = (view.oy - (clientY - r.top) * view.dpr) / view.s;
    var c = Math.floor((x - G.west) / G.cell), rr = Math.floor((G.north - y) / G.cell);
    if (c < 0 || rr < 0 || c >= G.cols || rr >= G.rows) return -1;
    return LAB[rr * G.cols + c];
  }
  function tipText(i) {
    var s = D.segments[i], k = state.k, total = 0;
    for (var j = 0; j < k; j++) total += s.hours[j];
    return [U.segment + " " + s.id, U.poa + ": " + pct(s.poa[k]), U.hours + ": " + hrs(k > 0 ? s.hours[k - 1] : 0) + " h (" + U.total.toLowerCase() + " " + hrs(total) + " h)",
            U.pod + ": " + pct(s.pod[k]), U.pos + ": " + pct(s.pos[k])];
  }
  canvas.addEventListener("mousemove", function (ev) {
    var i = segmentAt(ev.clientX, ev.clientY);
    if (i < 0) { tip.hidden = true; return; }
    tip.textContent = "";
    tipText(i).forEach(function (t) { tip.appendChild(el("div", null, t)); });
    var r = canvas.getBoundingClientRect();
    tip.style.left = (ev.clientX - r.left + 14) + "px"; tip.style.top = (ev.clientY - r.top + 10) + "px";
    tip.hidden = false;
  });
  canvas.addEventListener("mouseleave", function () { tip.hidden = true; });
  canvas.addEventListener("click", function (ev) { var i = segmentAt(ev.clientX, ev.clientY); if (i >= 0) select(i, true); });

  function setPeriod(k) {
    state.k = Math.max(0, Math.min(D.periods, Number(k)));
    slider.value = String(state.k);
    document.getElementById("period-label").textContent = state.k === 0 ? U.period_0 : U.period + " " + state.k;
    paintHeat(); figures(); buildTable(); draw();
  }
  slider.max = String(D.periods);
  slider.addEventListener("input", function () { setPeriod(slider.value); });
  window.addEventListener("resize", function () { layout(); draw(); });
  document.getElementById("title").textContent = U.plan_title + " — " + D.title;
  document.getElementById("subtitle").textContent = D.searchers + " × " + D.hours_per_period + " h";
  document.getElementById("table-title").textContent = U.table;
  document.getElementById("hint").textContent = U.click_hint;
  api.setPeriod = setPeriod;
  api.select = function (i) { select(i, true); };
  api.state = function () { return { k: state.k, selected: state.selected, sortKey: state.sortKey, sortDir: state.sortDir }; };
  layout();
  setPeriod(D.periods);
  terrain.onload = draw;
  terrain.src = D.terrain;
})();
