// replay.html: draws a sevr run at the slider's time. Plain JavaScript and Canvas, no library.
// Every string from the run is put on the page with textContent, never as HTML.
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("sevr-data").textContent);
  var LN2 = Math.log(2);
  var STYLE = {
    route: "rgba(58,58,58,0.7)", path: "#0b3d91", branch: "#f28c00", print: "17,17,17", blood: "215,25,28",
    tracker: "rgba(142,68,173,0.45)", party: "#8e44ad", start: "#0b3d91", hideout: "#8b0000",
    house: "#5a4a3a", peak: "#222222", closest: "#d7191c", voices: "#c0392b", end: "#111111",
    belief: [181, 54, 122], night: "8,14,40"
  };
  var SPEEDS = [1, 5, 15, 60];  // minutes of the run per second of play

  var canvas = document.getElementById("map");
  var ctx = canvas.getContext("2d");
  var slider = document.getElementById("slider");
  var playBtn = document.getElementById("play");
  var speedSel = document.getElementById("speed");
  var clockOut = document.getElementById("clock");
  var linesEl = document.getElementById("lines");
  var legendEl = document.getElementById("legend");
  var beliefBox = document.getElementById("belief-toggle");

  var state = { t: 0, playing: false, speed: 15, lang: D.lang, current: -2, last: null, pathVertices: 0, marks: [] };
  var INSET_M = 70;      // the close-up shows this many metres across around the hiding place
  var INSET_PX = 190;    // its side on screen (CSS pixels)
  var api = { frameTimes: [], firstFrameMs: null };
  window.sevrReplay = api;

  // ---- helpers -------------------------------------------------------------------------------
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function fmt(template, values) {  // "{n}" placeholders filled as plain text
    return String(template).replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
  }
  function upperBound(arr, t) {  // number of entries <= t (arr sorted)
    var lo = 0, hi = arr.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (arr[mid] <= t) lo = mid + 1; else hi = mid; }
    return lo;
  }
  function roundHalfEven(x) {  // Python's round(): halves go to the even neighbour
    var r = Math.round(x);
    return (Math.abs(x - Math.floor(x) - 0.5) < 1e-9 && r % 2 !== 0) ? r - 1 : r;
  }
  function T() { return D.text[state.lang]; }
  function pad2(n) { return (n < 10 ? "0" : "") + n; }

  // ---- the view: world metres -> canvas pixels -----------------------------------------------
  var view = { s: 1, ox: 0, oy: 0, dpr: 1, zoom: 1, cx: null, cy: null };
  function storyBox() {  // the walk, the tracker and the places, with a margin, inside the terrain
    var xs = D.path.x.concat(D.tracker.x), ys = D.path.y.concat(D.tracker.y);
    D.text[D.lang].places.forEach(function (p) { if (p.kind !== "peak") { xs.push(p.x); ys.push(p.y); } });
    if (!xs.length) return D.extent.slice();
    var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs);
    var y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
    var m = 0.12 * Math.max(x1 - x0, y1 - y0, 400);
    return [Math.max(D.extent[0], x0 - m), Math.min(D.extent[1], x1 + m),
            Math.max(D.extent[2], y0 - m), Math.min(D.extent[3], y1 + m)];
  }
  var home = storyBox();
  function layout() {
    var r = canvas.getBoundingClientRect();
    view.dpr = window.devicePixelRatio || 1;
    canvas.width = Math.max(1, Math.round(r.width * view.dpr));
    canvas.height = Math.max(1, Math.round(r.height * view.dpr));
    if (view.cx === null) { view.cx = (home[0] + home[1]) / 2; view.cy = (home[2] + home[3]) / 2; }
    var fit = Math.min(canvas.width / (home[1] - home[0]), canvas.height / (home[3] - home[2]));
    view.s = fit * view.zoom;
    view.ox = canvas.width / 2 - view.cx * view.s;
    view.oy = canvas.height / 2 + view.cy * view.s;
  }
  function resetView() { view.zoom = 1; view.cx = null; view.cy = null; layout(); draw(); }
  function zoomAt(factor, X, Y) {  // keep the world point under canvas pixel (X, Y) in place
    var wx = (X - view.ox) / view.s, wy = (view.oy - Y) / view.s;
    view.zoom = Math.max(0.5, Math.min(80, view.zoom * factor));
    layout();
    view.cx += wx - (X - view.ox) / view.s;
    view.cy += wy - (view.oy - Y) / view.s;
    layout(); draw();
  }
  function px(x) { return view.ox + x * view.s; }
  function py(y) { return view.oy - y * view.s; }

  // ---- time ----------------------------------------------------------------------------------
  function clockText(t) {
    var c = D.clock, local = roundHalfEven(c.start_min + t);  // whole minutes, rounded as the narration does
    var mins = ((local % 1440) + 1440) % 1440;
    var day = Math.floor(local / 1440);
    var block = Math.floor((local - 360) / 720) - c.period_first;
    var periods = c.periods[state.lang], dates = c.dates[state.lang];
    var parts = [];
    if (block >= 0 && block < periods.length) parts.push(periods[block]);
    parts.push(pad2(Math.floor(mins / 60)) + ":" + pad2(mins % 60));
    if (day >= 0 && day < dates.length) parts.push(dates[day]);
    return parts.join(" · ");
  }
  function visibilityAt(t) {
    var v = D.light.visibility, i = t / D.light.step, k = Math.floor(i);
    if (k < 0) return v[0];
    if (k >= v.length - 1) return v[v.length - 1];
    return v[k] + (v[k + 1] - v[k]) * (i - k);
  }

  // ---- belief layers: one small canvas per snapshot, made once -------------------------------
  var beliefCanvases = D.beliefs.map(function (b) {
    var raw = atob(b.data), c = document.createElement("canvas");
    c.width = b.cols; c.height = b.rows;
    var cx = c.getContext("2d"), img = cx.createImageData(b.cols, b.rows);
    for (var i = 0; i < raw.length; i++) {
      var v = raw.charCodeAt(i);
      img.data[4 * i] = STYLE.belief[0]; img.data[4 * i + 1] = STYLE.belief[1];
      img.data[4 * i + 2] = STYLE.belief[2]; img.data[4 * i + 3] = Math.round(v * 0.55);
    }
    cx.putImageData(img, 0, 0);
    return c;
  });
  var beliefTimes = D.beliefs.map(function (b) { return b.t; });

  // ---- drawing -------------------------------------------------------------------------------
  var terrain = new Image();
  var maxStrength = Math.max.apply(null, [1e-9].concat(D.prints.s));
  var eventTimes = D.events.map(function (e) { return e.t; });
  var lineTimes = function () { return T().lines.map(function (l) { return l.t; }); };

  function polyline(xs, ys, n, color, width, dash) {
    if (n < 2) return;
    ctx.beginPath();
    ctx.moveTo(px(xs[0]), py(ys[0]));
    for (var i = 1; i < n; i++) ctx.lineTo(px(xs[i]), py(ys[i]));
    ctx.strokeStyle = color; ctx.lineWidth = width * view.dpr;
    ctx.setLineDash(dash ? dash.map(function (d) { return d * view.dpr; }) : []);
    ctx.stroke();
    ctx.setLineDash([]);
  }
  function head(xs, ys, ts, t) {  // the point reached at time t along a timed polyline
    var n = upperBound(ts, t);
    if (n === 0) return null;
    if (n >= ts.length) return { n: n, x: xs[n - 1], y: ys[n - 1] };
    var f = (t - ts[n - 1]) / Math.max(1e-9, ts[n] - ts[n - 1]);
    return { n: n, x: xs[n - 1] + f * (xs[n] - xs[n - 1]), y: ys[n - 1] + f * (ys[n] - ys[n - 1]) };
  }
  function timedLine(xs, ys, ts, t, color, width) {
    var h = head(xs, ys, ts, t);
    if (!h) return null;
    ctx.beginPath();
    ctx.moveTo(px(xs[0]), py(ys[0]));
    for (var i = 1; i < h.n; i++) ctx.lineTo(px(xs[i]), py(ys[i]));
    ctx.lineTo(px(h.x), py(h.y));
    ctx.strokeStyle = color; ctx.lineWidth = width * view.dpr; ctx.lineJoin = "round"; ctx.lineCap = "round";
    ctx.stroke();
    return h;
  }
  function marker(shape, x, y, size, fill, stroke) {
    var X = px(x), Y = py(y), s = size * view.dpr;
    ctx.beginPath();
    if (shape === "square") ctx.rect(X - s, Y - s, 2 * s, 2 * s);
    else if (shape === "diamond") { ctx.moveTo(X, Y - s); ctx.lineTo(X + s, Y); ctx.lineTo(X, Y + s); ctx.lineTo(X - s, Y); ctx.closePath(); }
    else if (shape === "triangle") { ctx.moveTo(X, Y - s); ctx.lineTo(X + s, Y + s * 0.8); ctx.lineTo(X - s, Y + s * 0.8); ctx.closePath(); }
    else ctx.arc(X, Y, s, 0, 2 * Math.PI);
    ctx.fillStyle = fill; ctx.fill();
    if (stroke) { ctx.strokeStyle = stroke; ctx.lineWidth = 1.2 * view.dpr; ctx.stroke(); }
  }
  function cross(x, y, size, color) {
    var X = px(x), Y = py(y), s = size * view.dpr;
    ctx.beginPath(); ctx.moveTo(X - s, Y - s); ctx.lineTo(X + s, Y + s); ctx.moveTo(X + s, Y - s); ctx.lineTo(X - s, Y + s);
    ctx.strokeStyle = "white"; ctx.lineWidth = 4 * view.dpr; ctx.stroke();
    ctx.strokeStyle = color; ctx.lineWidth = 2 * view.dpr; ctx.stroke();
  }
  function label(text, x, y, dx, dy, color, bold, align) {
    ctx.textAlign = align || "left";
    ctx.font = (bold ? "bold " : "") + Math.round(11 * view.dpr) + "px sans-serif";
    ctx.lineWidth = 3 * view.dpr; ctx.strokeStyle = "rgba(255,255,255,0.85)"; ctx.lineJoin = "round";
    ctx.strokeText(text, px(x) + dx * view.dpr, py(y) + dy * view.dpr);
    ctx.fillStyle = color; ctx.fillText(text, px(x) + dx * view.dpr, py(y) + dy * view.dpr);
    ctx.textAlign = "left";
  }
  function scaleBar() {
    var span = canvas.width / view.s, choices = [10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000];
    var len = choices[0];
    for (var i = 0; i < choices.length; i++) if (choices[i] <= span / 5) len = choices[i];
    var x0 = 14 * view.dpr, y0 = canvas.height - 18 * view.dpr, w = len * view.s, h = 5 * view.dpr;
    ctx.fillStyle = "rgba(255,255,255,0.8)";
    ctx.fillRect(x0 - 6 * view.dpr, y0 - 20 * view.dpr, w + 12 * view.dpr, 30 * view.dpr);
    ctx.fillStyle = "black"; ctx.fillRect(x0, y0, w / 2, h);
    ctx.strokeStyle = "black"; ctx.lineWidth = view.dpr; ctx.strokeRect(x0, y0, w, h);
    ctx.font = Math.round(11 * view.dpr) + "px sans-serif"; ctx.fillStyle = "black"; ctx.textAlign = "center";
    ctx.fillText(len >= 1000 ? (len / 1000) + " km" : len + " m", x0 + w / 2, y0 - 5 * view.dpr);
    // north arrow
    var nx = canvas.width - 22 * view.dpr, ny = 18 * view.dpr;
    ctx.beginPath(); ctx.moveTo(nx, ny); ctx.lineTo(nx + 6 * view.dpr, ny + 16 * view.dpr);
    ctx.lineTo(nx - 6 * view.dpr, ny + 16 * view.dpr); ctx.closePath(); ctx.fill();
    ctx.fillText(T().map.north || "N", nx, ny + 30 * view.dpr);
    ctx.textAlign = "left";
  }

  function markKind(kind) {
    if (kind === "closest_approach") return "closest";
    if (kind.indexOf("voice") >= 0) return "voices";
    if (kind === "trail_end" || kind === "trail_lost") return "end";
    return null;
  }
  function eventMark(k, e) {  // draw the mark of kind k for event e; true if one was drawn
    if (k === "closest") {
      var r = Math.hypot(e.x - D.hideout[0], e.y - D.hideout[1]);
      ctx.beginPath(); ctx.arc(px(D.hideout[0]), py(D.hideout[1]), Math.max(3 * view.dpr, r * view.s), 0, 2 * Math.PI);
      ctx.setLineDash([4 * view.dpr, 3 * view.dpr]); ctx.strokeStyle = STYLE.closest; ctx.lineWidth = view.dpr; ctx.stroke(); ctx.setLineDash([]);
      marker("diamond", e.x, e.y, 5, STYLE.closest, "white");
      return true;
    } else if (k === "voices") {
      var rv = Math.hypot(e.x - D.hideout[0], e.y - D.hideout[1]);
      ctx.beginPath(); ctx.arc(px(D.hideout[0]), py(D.hideout[1]), Math.max(3 * view.dpr, rv * view.s), 0, 2 * Math.PI);
      ctx.setLineDash([2 * view.dpr, 3 * view.dpr]); ctx.strokeStyle = STYLE.voices; ctx.lineWidth = view.dpr; ctx.stroke(); ctx.setLineDash([]);
      marker("circle", e.x, e.y, 6, "rgba(255,255,255,0.9)", STYLE.voices);
      label("♪", e.x, e.y, 0, 4, STYLE.voices, true, "center");
      return true;
    } else if (k === "end") {
      cross(e.x, e.y, 5, STYLE.end);
      return true;
    }
    return false;
  }
  function markText(k, e) {  // the words beside a mark in the close-up
    var d = Math.round(Math.hypot(e.x - D.hideout[0], e.y - D.hideout[1]));
    if (k === "closest") return T().closest || (T().ui.closest + " (" + d + " m)");
    if (k === "voices") return fmt(T().ui.voices_at, { d: d });
    return T().map.trail_end || T().map.trail_lost || "";
  }
  // The close-up: at the map's scale the hiding place, the voices (tens of metres off) and the
  // pursuers at the mouth (a metre off) fall on one pixel, so once one of those marks is drawn a
  // box in the bottom corner away from the hiding place shows them INSET_M metres across.
  function closeUp(t, vis) {
    var near = D.events.filter(function (e) {
      return e.t <= t && markKind(e.kind) && Math.hypot(e.x - D.hideout[0], e.y - D.hideout[1]) <= INSET_M / 2;
    });
    if (!near.length || INSET_M * view.s > INSET_PX * view.dpr) return null;  // zoomed in enough: no need
    var S = INSET_PX * view.dpr, pad = 10 * view.dpr, hx = px(D.hideout[0]);
    var X0 = hx > canvas.width / 2 ? pad : canvas.width - S - pad, Y0 = canvas.height - S - 46 * view.dpr;
    var saved = { s: view.s, ox: view.ox, oy: view.oy };
    view.s = S / INSET_M;
    view.ox = X0 + S / 2 - D.hideout[0] * view.s;
    view.oy = Y0 + S / 2 + D.hideout[1] * view.s;
    ctx.save();
    ctx.beginPath(); ctx.rect(X0, Y0, S, S); ctx.clip();
    ctx.fillStyle = "#efe6d6"; ctx.fillRect(X0, Y0, S, S);
    timedLine(D.path.x, D.path.y, D.path.t, t, STYLE.path, 2);
    timedLine(D.tracker.x, D.tracker.y, D.tracker.t, t, STYLE.tracker, 5);
    marker("circle", D.hideout[0], D.hideout[1], 7, STYLE.hideout, "white");
    var kinds = [];
    near.forEach(function (e) { var k = markKind(e.kind); if (eventMark(k, e)) kinds.push(k); });
    // labels, stacked upwards from the bottom of the box (the marks lie around its middle), each
    // wrapped to at most two lines so that none runs out of the box or over another
    ctx.font = "bold " + Math.round(10.5 * view.dpr) + "px sans-serif";
    var blocks = near.map(function (e) {
      var k = markKind(e.kind);
      return { color: k === "closest" ? STYLE.closest : k === "voices" ? STYLE.voices : STYLE.end,
               lines: wrapText(markText(k, e), S - 12 * view.dpr, 2) };
    });
    var ly = Y0 + S - 22 * view.dpr;
    blocks.reverse().forEach(function (b) {
      for (var j = b.lines.length - 1; j >= 0; j--) {
        ctx.textAlign = "left"; ctx.lineWidth = 3 * view.dpr; ctx.strokeStyle = "rgba(255,255,255,0.9)";
        ctx.strokeText(b.lines[j], X0 + 6 * view.dpr, ly); ctx.fillStyle = b.color; ctx.fillText(b.lines[j], X0 + 6 * view.dpr, ly);
        ly -= 13 * view.dpr;
      }
      ly -= 3 * view.dpr;
    });
    ctx.fillStyle = "rgba(" + STYLE.night + "," + (0.45 * (1 - vis)).toFixed(3) + ")";
    ctx.fillRect(X0, Y0, S, S);
    // title and a 10 m bar
    var name = (T().places.filter(function (p) { return p.kind === "hideout"; })[0] || {}).name || "";
    ctx.font = "bold " + Math.round(11 * view.dpr) + "px sans-serif"; ctx.fillStyle = "#111"; ctx.textAlign = "left";
    ctx.lineWidth = 3 * view.dpr; ctx.strokeStyle = "rgba(255,255,255,0.9)";
    var title = fitText(fmt(T().ui.close_up, { name: name }), S - 12 * view.dpr);
    ctx.strokeText(title, X0 + 6 * view.dpr, Y0 + 14 * view.dpr); ctx.fillText(title, X0 + 6 * view.dpr, Y0 + 14 * view.dpr);
    var bw = 10 * view.s, bx = X0 + 8 * view.dpr, by = Y0 + S - 10 * view.dpr;
    ctx.fillStyle = "black"; ctx.fillRect(bx, by, bw, 3 * view.dpr);
    ctx.font = Math.round(10 * view.dpr) + "px sans-serif"; ctx.fillText("10 m", bx + bw + 5 * view.dpr, by + 4 * view.dpr);
    ctx.restore();
    ctx.strokeStyle = "#2b2520"; ctx.lineWidth = 1.5 * view.dpr; ctx.strokeRect(X0, Y0, S, S);
    // a leader from the box to the hiding place on the map
    view.s = saved.s; view.ox = saved.ox; view.oy = saved.oy;
    ctx.beginPath(); ctx.moveTo(hx, py(D.hideout[1]));
    ctx.lineTo(X0 > hx ? X0 : X0 + S, Y0 + S / 2);
    ctx.strokeStyle = "rgba(43,37,32,0.6)"; ctx.lineWidth = view.dpr; ctx.setLineDash([3 * view.dpr, 3 * view.dpr]); ctx.stroke(); ctx.setLineDash([]);
    return { x: X0 / view.dpr, y: Y0 / view.dpr, size: INSET_PX, marks: kinds };
  }
  function wrapText(text, width, maxLines) {  // words into lines of at most `width` pixels
    var words = String(text).split(" "), lines = [], cur = "";
    words.forEach(function (w) {
      var next = cur ? cur + " " + w : w;
      if (cur && ctx.measureText(next).width > width) { lines.push(cur); cur = w; } else cur = next;
    });
    if (cur) lines.push(cur);
    if (lines.length > maxLines) lines = lines.slice(0, maxLines - 1).concat([lines.slice(maxLines - 1).join(" ")]);
    return lines.map(function (l) { return fitText(l, width); });
  }
  function fitText(text, width) {  // cut with an ellipsis where a label would leave the box
    if (ctx.measureText(text).width <= width) return text;
    while (text.length > 1 && ctx.measureText(text + "…").width > width) text = text.slice(0, -1);
    return text + "…";
  }

  function draw() {
    var t0 = performance.now(), t = state.t;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.lineCap = "butt"; ctx.lineJoin = "miter"; ctx.textAlign = "left"; ctx.setLineDash([]);  // same state every frame
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    var w = D.extent[1] - D.extent[0], h = D.extent[3] - D.extent[2];
    if (terrain.complete && terrain.naturalWidth) ctx.drawImage(terrain, px(D.extent[0]), py(D.extent[3]), w * view.s, h * view.s);
    // belief heat layer
    if (beliefBox.checked) {
      var k = upperBound(beliefTimes, t) - 1;
      if (k >= 0) {
        var b = D.beliefs[k];
        ctx.imageSmoothingEnabled = true;
        ctx.drawImage(beliefCanvases[k], px(b.west), py(b.north), b.cols * b.cell * view.s, b.rows * b.cell * view.s);
      }
    }
    polyline(D.route.x, D.route.y, D.route.x.length, STYLE.route, 1, [5, 4]);
    // false branches, once walked
    D.branches.forEach(function (br) {
      if (br.t <= t) polyline(br.x, br.y, br.x.length, STYLE.branch, 3.2);
    });
    // prints: strength now = strength when made, halved every half-life of their ground
    var P = D.prints, n = upperBound(P.t, t), sz = Math.max(1.5, 1.6 * view.dpr);
    for (var i = 0; i < n; i++) {
      var age = (t - P.t[i]) / 60, now = P.s[i] * Math.exp(-LN2 * age / P.half_life_h[i]);
      var a = 0.08 + 0.85 * Math.min(1, now / maxStrength);
      if (P.blood[i]) { ctx.fillStyle = "rgba(" + STYLE.blood + "," + Math.min(1, a + 0.2) + ")"; ctx.fillRect(px(P.x[i]) - sz * 1.4, py(P.y[i]) - sz * 1.4, sz * 2.8, sz * 2.8); }
      else { ctx.fillStyle = "rgba(" + STYLE.print + "," + a + ")"; ctx.fillRect(px(P.x[i]) - sz / 2, py(P.y[i]) - sz / 2, sz, sz); }
    }
    // the walkers' path, growing
    var walk = timedLine(D.path.x, D.path.y, D.path.t, t, STYLE.path, 1.6);
    state.pathVertices = walk ? walk.n : 0;
    // the tracker's route and the pursuers' party
    var tr = timedLine(D.tracker.x, D.tracker.y, D.tracker.t, t, STYLE.tracker, 5);
    state.trackerVertices = tr ? tr.n : 0;
    var partyOn = tr && (D.party.t_end === null || t <= D.party.t_end);
    // event marks (the ones near the hiding place are drawn again, legibly, in the close-up)
    var marks = [];
    D.events.forEach(function (e) {
      if (e.t > t) return;
      var k = markKind(e.kind);
      if (k && eventMark(k, e)) marks.push(k);
    });
    state.marks = marks;
    // places
    var places = T().places;
    places.forEach(function (p) {
      if (p.kind === "peak") { marker("triangle", p.x, p.y, 5, STYLE.peak); label(p.name, p.x, p.y, 8, 16, "#222", false); }
      else if (p.kind === "house") marker("square", p.x, p.y, 3.5, STYLE.house, "white");
    });
    places.forEach(function (p) {
      if (p.kind === "start") { marker("square", p.x, p.y, 5, STYLE.start, "white"); label(p.name, p.x, p.y, -9, -6, STYLE.start, true, "right"); }
      else if (p.kind === "hideout") { marker("circle", p.x, p.y, 6, STYLE.hideout, "white"); label(p.name, p.x, p.y, -22, -9, STYLE.hideout, true, "right"); }
    });
    if (partyOn) {
      marker("circle", tr.x, tr.y, 9, "rgba(142,68,173,0.35)", STYLE.party);
      if (D.party.size) label(String(D.party.size), tr.x, tr.y, -4, 4, "#3c1450", true);
    }
    if (walk) marker("circle", walk.x, walk.y, 4.5, "#ffffff", STYLE.path);
    // the current sentence's place
    var cur = T().lines[state.current];
    state.ring = -1;
    if (cur && state.current >= 0) {
      var ev = D.events[lineEvents[state.current]];
      if (ev && t - ev.t < 240) {
        state.ring = D.events.indexOf(ev);
        ctx.beginPath(); ctx.arc(px(ev.x), py(ev.y), 11 * view.dpr, 0, 2 * Math.PI);
        ctx.strokeStyle = "rgba(181,101,29,0.9)"; ctx.lineWidth = 2.5 * view.dpr; ctx.stroke();
      }
    }
    // night and day, from the run's own light
    var vis = visibilityAt(t);
    ctx.fillStyle = "rgba(" + STYLE.night + "," + (0.62 * (1 - vis)).toFixed(3) + ")";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    scaleBar();
    state.inset = closeUp(t, vis);
    document.body.dataset.marks = marks.join(" ");
    var dt = performance.now() - t0;
    api.frameTimes.push(dt);
    if (api.frameTimes.length > 600) api.frameTimes.shift();
    if (api.firstFrameMs === null && terrain.complete && terrain.naturalWidth) { api.firstFrameMs = performance.now(); document.body.dataset.ready = "1"; }
    document.body.dataset.pathVertices = String(state.pathVertices);
  }

  // ---- the narration panel -------------------------------------------------------------------
  var lineEvents = [];  // the event each sentence tells (false turns are summed up in one sentence)
  function buildPanel() {
    linesEl.textContent = "";
    lineEvents = T().lines.map(function (l) {
      var best = -1, bestDt = Infinity;
      D.events.forEach(function (e, j) {
        var dt = Math.abs(e.t - l.t);
        if (e.kind === l.kind && dt < bestDt) { best = j; bestDt = dt; }
      });
      return best;
    });
    var lastPeriod = null;
    T().lines.forEach(function (l, i) {
      if (l.period !== lastPeriod) { linesEl.appendChild(el("li", "period", l.period)); lastPeriod = l.period; }
      var li = el("li", "line");
      li.dataset.index = String(i);
      li.dataset.t = String(l.t);
      li.dataset.kind = l.kind;
      li.tabIndex = 0;
      li.setAttribute("role", "button");
      li.appendChild(el("span", "t", l.time));
      li.appendChild(el("span", "s", l.text));
      li.addEventListener("click", function () { pause(); setTime(l.t); });
      linesEl.appendChild(li);
    });
    state.current = -2;
  }
  function highlight() {
    var idx = upperBound(lineTimes(), state.t) - 1;
    if (idx === state.current) return;
    state.current = idx;
    var items = linesEl.querySelectorAll("li.line");
    for (var i = 0; i < items.length; i++) {
      items[i].classList.toggle("current", i === idx);
      items[i].classList.toggle("past", i < idx);
      items[i].classList.toggle("future", i > idx);
    }
    if (idx >= 0 && items[idx] && items[idx].scrollIntoView) items[idx].scrollIntoView({ block: "nearest" });
  }

  function buildLegend() {
    var L = T().map, U = T().ui;
    legendEl.textContent = "";
    function row(kind, color, text) {
      var d = el("div");
      var s = el("span", kind === "line" ? "sw" : kind);
      if (kind === "line") s.style.borderTop = "3px solid " + color;
      else s.style.background = color;
      d.appendChild(s); d.appendChild(document.createTextNode(text));
      legendEl.appendChild(d);
    }
    var has = function (k) { return D.kinds.indexOf(k) >= 0; };
    T().places.forEach(function (p) {
      if (p.kind === "start") row("box", STYLE.start, p.name);
      if (p.kind === "hideout") row("dot", STYLE.hideout, p.name);
    });
    if (D.path.x.length) {
      row("line", STYLE.path, L.path || "path");
      row("dot", "#ffffff", U.walkers);
      legendEl.lastChild.firstChild.style.border = "2px solid " + STYLE.path;
    }
    if (D.route.x.length) row("line", "#777", L.route || "route");
    if (D.branches.length) row("line", STYLE.branch, L.branches || "branches");
    if (D.prints.x.length) row("dot", "#333", L.prints || "prints");
    if (D.prints.blood.indexOf(true) >= 0) row("box", "rgb(" + STYLE.blood + ")", L.blood || "blood");
    if (D.tracker.x.length) row("line", "rgba(142,68,173,0.7)", L.tracker || "tracker");
    if (D.party.size) row("dot", "rgba(142,68,173,0.5)", fmt(U.pursuers_n, { n: D.party.size }));
    if (T().closest) row("box", STYLE.closest, T().closest);
    if (D.kinds.some(function (k) { return k.indexOf("voice") >= 0; })) row("dot", STYLE.voices, U.voices);
    if (has("trail_end")) row("box", STYLE.end, L.trail_end || "trail end");
    else if (has("trail_lost")) row("box", STYLE.end, L.trail_lost || "trail lost");
    if (beliefBox.checked && D.beliefs.length) row("box", "rgba(181,54,122,0.6)", U.belief);
    row("box", "rgba(" + STYLE.night + ",0.6)", U.night);
  }

  function setLang(code) {
    if (!D.text[code]) return;
    state.lang = code;
    var X = T();
    document.documentElement.lang = code;
    document.title = (D.what_if ? X.ui.what_if + " — " : "") + X.title;
    document.getElementById("title").textContent = (D.what_if ? X.ui.what_if + " — " : "") + X.title;
    document.getElementById("subtitle").textContent = X.subtitle + " · " + X.ui.seed + " " + D.seed;
    var wi = document.getElementById("whatif");
    wi.hidden = !D.what_if; wi.textContent = D.what_if ? X.ui.what_if_note : "";
    document.getElementById("belief-label").textContent = X.ui.belief;
    document.getElementById("narration-title").textContent = X.ui.narration;
    document.getElementById("keys").textContent = X.ui.keys;
    playBtn.textContent = state.playing ? X.ui.pause : X.ui.play;
    speedSel.textContent = "";
    SPEEDS.forEach(function (s) {
      var o = el("option", null, s < 60 ? s + " " + X.ui.min_per_s : (s / 60) + " " + X.ui.h_per_s);
      o.value = String(s);
      if (s === state.speed) o.selected = true;
      speedSel.appendChild(o);
    });
    speedSel.title = X.ui.speed;
    Array.prototype.forEach.call(document.querySelectorAll("#langs button"), function (b) {
      b.setAttribute("aria-pressed", String(b.dataset.lang === code));
    });
    buildPanel(); buildLegend(); update();
  }

  // ---- time control --------------------------------------------------------------------------
  function update() {
    slider.value = String(state.t);
    clockOut.textContent = clockText(state.t);
    highlight();
    draw();
  }
  function setTime(t) { state.t = Math.max(0, Math.min(D.t_end, Number(t))); update(); }
  function play() {
    if (state.t >= D.t_end) state.t = 0;
    state.playing = true; state.last = null; playBtn.textContent = T().ui.pause;
    requestAnimationFrame(tick);
  }
  function pause() { state.playing = false; playBtn.textContent = T().ui.play; }
  function tick(now) {
    if (!state.playing) return;
    if (state.last !== null) {
      state.t = Math.min(D.t_end, state.t + state.speed * (now - state.last) / 1000);
      update();
      if (state.t >= D.t_end) { pause(); return; }
    }
    state.last = now;
    requestAnimationFrame(tick);
  }

  slider.max = String(D.t_end);
  slider.addEventListener("input", function () { setTime(slider.value); });
  playBtn.addEventListener("click", function () { if (state.playing) pause(); else play(); });
  speedSel.addEventListener("change", function () { state.speed = Number(speedSel.value); });
  beliefBox.addEventListener("change", function () { buildLegend(); draw(); });
  document.addEventListener("keydown", function (ev) {
    if (ev.target === speedSel) return;
    var step = ev.shiftKey ? 60 : 10;
    if (ev.key === " " || ev.code === "Space") { ev.preventDefault(); if (state.playing) pause(); else play(); }
    else if (ev.key === "ArrowRight") { ev.preventDefault(); setTime(state.t + step); }
    else if (ev.key === "ArrowLeft") { ev.preventDefault(); setTime(state.t - step); }
    else if (ev.key === "Home") { ev.preventDefault(); setTime(0); }
    else if (ev.key === "End") { ev.preventDefault(); setTime(D.t_end); }
    else if (ev.key === "+" || ev.key === "=") zoomAt(1.5, canvas.width / 2, canvas.height / 2);
    else if (ev.key === "-") zoomAt(1 / 1.5, canvas.width / 2, canvas.height / 2);
    else if (ev.key === "Enter" && ev.target.classList && ev.target.classList.contains("line")) { ev.target.click(); }
  });
  window.addEventListener("resize", function () { layout(); draw(); });
  canvas.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var r = canvas.getBoundingClientRect();
    zoomAt(ev.deltaY < 0 ? 1.25 : 0.8, (ev.clientX - r.left) * view.dpr, (ev.clientY - r.top) * view.dpr);
  }, { passive: false });
  var drag = null;
  canvas.addEventListener("mousedown", function (ev) { drag = { x: ev.clientX, y: ev.clientY }; });
  window.addEventListener("mouseup", function () { drag = null; });
  window.addEventListener("mousemove", function (ev) {
    if (!drag) return;
    view.cx -= (ev.clientX - drag.x) * view.dpr / view.s;
    view.cy += (ev.clientY - drag.y) * view.dpr / view.s;
    drag = { x: ev.clientX, y: ev.clientY };
    layout(); draw();
  });
  canvas.addEventListener("dblclick", resetView);
  document.getElementById("zoom-in").addEventListener("click", function () { zoomAt(1.5, canvas.width / 2, canvas.height / 2); });
  document.getElementById("zoom-out").addEventListener("click", function () { zoomAt(1 / 1.5, canvas.width / 2, canvas.height / 2); });
  document.getElementById("zoom-home").addEventListener("click", resetView);
  D.langs.forEach(function (code) {
    var b = el("button", null, code.toUpperCase());
    b.type = "button"; b.dataset.lang = code;
    b.addEventListener("click", function () { setLang(code); });
    document.getElementById("langs").appendChild(b);
  });

  api.setTime = setTime;
  api.setLang = setLang;
  api.play = play;
  api.pause = pause;
  api.state = function () {
    return { t: state.t, clock: clockOut.textContent, pathVertices: state.pathVertices,
             trackerVertices: state.trackerVertices, current: state.current, lang: state.lang, playing: state.playing,
             marks: state.marks.slice(), inset: state.inset,
             ring: state.ring };
  };

  layout();
  setLang(D.lang);
  terrain.onload = function () { draw(); };
  terrain.src = D.terrain;
})();
