// The /status page: polls /v1/status every few seconds and draws small line charts on canvases.
(function () {
  "use strict";
  var refreshMs = 2000, keep = 90;
  var history = { zones: {}, edges: {}, latency: {} };
  var colours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"];
  var keyInput = document.getElementById("key");
  keyInput.value = localStorage.getItem("vantage-key") || new URLSearchParams(location.search).get("key") || "";
  document.getElementById("key-form").addEventListener("submit", function (e) {
    e.preventDefault();
    localStorage.setItem("vantage-key", keyInput.value);
    refresh();
  });

  function push(series, name, t, v) {
    var s = series[name] || (series[name] = []);
    s.push([t, v]);
    while (s.length > keep) s.shift();
  }

  // Series named "... p99" are drawn dashed in the colour of their "... p50" partner.
  function colourOf(names, n) {
    var base = n.replace(/ p(50|99)$/, ""), bases = [];
    names.forEach(function (m) { var b = m.replace(/ p(50|99)$/, ""); if (bases.indexOf(b) < 0) bases.push(b); });
    return colours[bases.indexOf(base) % colours.length];
  }

  function draw(canvas, series) {
    var ctx = canvas.getContext("2d"), w = canvas.width, h = canvas.height, pad = 30;
    ctx.clearRect(0, 0, w, h);
    var names = Object.keys(series), max = 0, t0 = Infinity, t1 = -Infinity;
    names.forEach(function (n) { series[n].forEach(function (p) { max = Math.max(max, p[1]); t0 = Math.min(t0, p[0]); t1 = Math.max(t1, p[0]); }); });
    if (max === 0) max = 1;
    ctx.strokeStyle = "#ccc"; ctx.beginPath(); ctx.moveTo(pad, 5); ctx.lineTo(pad, h - pad); ctx.lineTo(w - 5, h - pad); ctx.stroke();
    ctx.fillStyle = "#555"; ctx.font = "11px sans-serif"; ctx.fillText(max < 1 ? max.toPrecision(2) : max.toFixed(2), 2, 12); ctx.fillText("0", 2, h - pad);
    var span = Math.max(1, t1 - t0), points = 0;
    names.forEach(function (n, i) {
      var c = colourOf(names, n);
      ctx.strokeStyle = c; ctx.lineWidth = 2; ctx.setLineDash(/ p99$/.test(n) ? [6, 4] : []); ctx.beginPath();
      series[n].forEach(function (p, j) {
        var x = pad + (p[0] - t0) / span * (w - pad - 10), y = (h - pad) - p[1] / max * (h - pad - 10);
        if (j === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
      });
      ctx.stroke();
      ctx.fillStyle = c;
      series[n].forEach(function (p) {
        var x = pad + (p[0] - t0) / span * (w - pad - 10), y = (h - pad) - p[1] / max * (h - pad - 10);
        ctx.fillRect(x - 2, y - 2, 4, 4); points++;
      });
      ctx.setLineDash([]);
      ctx.fillText(n, pad + 10 + (i % 4) * 200, h - 8 - Math.floor(i / 4) * 12);
    });
    canvas.dataset.points = String(points);
  }

  function cell(tr, text, bad) {
    var td = document.createElement("td");
    td.textContent = text;
    if (bad) td.className = "bad";
    tr.appendChild(td);
  }

  function render(s) {
    document.getElementById("total").textContent = s.qps.toFixed(2) + " qps";
    var bad = {};
    var list = document.getElementById("anomalies");
    list.innerHTML = "";
    s.anomalies.forEach(function (a) {
      bad[a.subject] = true;
      var li = document.createElement("li"); li.className = "bad anomaly"; li.textContent = a.text; list.appendChild(li);
    });
    if (s.anomalies.length === 0) list.innerHTML = '<li class="ok">none</li>';
    s.zones.forEach(function (z) { push(history.zones, z.zone, s.time, z.qps); });
    s.edges.forEach(function (e) { push(history.edges, e.id, s.time, e.qps); });
    s.edges.forEach(function (e) {
      // A window in which the edge timed no answer says nothing about its latency: no point.
      if (e.answers_timed > 0) { push(history.latency, e.id + " p50", s.time, e.answer_p50_ms); push(history.latency, e.id + " p99", s.time, e.answer_p99_ms); }
    });
    draw(document.getElementById("zone-chart"), history.zones);
    draw(document.getElementById("edge-chart"), history.edges);
    draw(document.getElementById("latency-chart"), history.latency);
    var monitors = document.getElementById("monitors");
    if (s.monitors.length > 0) monitors.innerHTML = "";
    s.monitors.forEach(function (m) {
      var tr = document.createElement("tr"); tr.dataset.monitor = m.name;
      cell(tr, m.name, m.status === "down"); cell(tr, m.type);
      var global = document.createElement("td"); global.className = "status " + m.status; global.textContent = m.status; tr.appendChild(global);
      var regions = document.createElement("td");
      Object.keys(m.regions).forEach(function (r) {
        var span = document.createElement("span"); span.className = "region " + m.regions[r]; span.dataset.region = r;
        span.textContent = r + " " + m.regions[r]; regions.appendChild(span);
      });
      tr.appendChild(regions);
      monitors.appendChild(tr);
    });
    var edges = document.getElementById("edges"); edges.innerHTML = "";
    s.edges.forEach(function (e) {
      var tr = document.createElement("tr"); tr.dataset.edge = e.id;
      cell(tr, e.id, bad[e.id]); cell(tr, e.qps.toFixed(2)); cell(tr, e.lag_p50_ms.toFixed(0) + " / " + e.lag_p99_ms.toFixed(0), bad[e.id]);
      cell(tr, e.answers_timed > 0 ? e.answer_p50_ms.toFixed(3) + " / " + e.answer_p99_ms.toFixed(3) : "-");
      cell(tr, e.seconds_since_report.toFixed(0), bad[e.id]); cell(tr, e.zones); cell(tr, e.queries_answered);
      edges.appendChild(tr);
    });
    var zones = document.getElementById("zones"); zones.innerHTML = "";
    s.zones.forEach(function (z) {
      var tr = document.createElement("tr"); tr.dataset.zone = z.zone;
      cell(tr, z.zone, bad[z.zone]); cell(tr, z.qps.toFixed(2));
      cell(tr, Object.keys(z.rcodes).map(function (k) { return k + " " + z.rcodes[k].toFixed(2); }).join(", "), bad[z.zone]);
      zones.appendChild(tr);
    });
  }

  function refresh() {
    fetch("/v1/status", { headers: { "X-NSONE-Key": keyInput.value } })
      .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
      .then(function (s) { render(s); document.getElementById("state").textContent = "updated " + new Date(s.time).toLocaleTimeString(); document.body.dataset.updates = String((+document.body.dataset.updates || 0) + 1); })
      .catch(function (e) { document.getElementById("state").textContent = e.message; });
  }

  refresh();
  setInterval(refresh, refreshMs);
})();
