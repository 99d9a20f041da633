// Machine: live charts of avg, max and min per metric with the rules' thresholds and the alert
// transitions, and the remaining-life curve with its band.
"use strict";

const main = document.getElementById("main");
const q = new URLSearchParams(location.search);
const id = { site: q.get("site") || "", line: q.get("line") || "", machine: q.get("machine") || "" };
const COLORS = { avg: "#1565c0", max: "#c62828", min: "#2e7d32", threshold: "#ff6f00", alert: "#6a1b9a" };
const charts = [];

function width() {
  return Math.max(480, Math.min(1300, main.clientWidth - 40));
}

// The x axis holds every window end and every transition time, so a marker sits where it happened.
function chart(title, unit, xs, series, values, testid) {
  const box = PW.el("div", { class: "chart", "data-chart": testid, "data-points": String(xs.length) },
    PW.el("h3", { text: title + (unit ? " (" + unit + ")" : "") }));
  const opts = {
    width: width(), height: 240,
    scales: { x: { time: true } },
    series: [{}, ...series],
    axes: [{}, { label: unit || "" }],
    legend: { live: true },
  };
  const plot = new uPlot(opts, [xs, ...values], box);
  charts.push(plot);
  return box;
}

function metricChart(s, transitions) {
  const ends = s.points.map((p) => p[0]);
  const marks = transitions.filter((t) => t.metric === s.metric && t.at >= (ends[0] || 0));
  const xsMs = [...new Set([...ends, ...marks.map((t) => t.at)])].sort((a, b) => a - b);
  const byEnd = new Map(s.points.map((p) => [p[0], p]));
  const col = (i) => xsMs.map((x) => (byEnd.has(x) ? byEnd.get(x)[i] : null));
  const series = [
    { label: "avg", stroke: COLORS.avg, width: 2, spanGaps: true },
    { label: "max", stroke: COLORS.max, width: 1, spanGaps: true },
    { label: "min", stroke: COLORS.min, width: 1, spanGaps: true },
  ];
  const values = [col(1), col(2), col(3)];
  for (const t of s.thresholds) {
    series.push({ label: t.rule + " " + PW.num(t.value), stroke: COLORS.threshold, dash: [6, 4], width: 1, points: { show: false } });
    values.push(xsMs.map(() => t.value));
  }
  if (marks.length) {
    const at = new Map(marks.map((t) => [t.at, t.value === null ? t.threshold : t.value]));
    series.push({ label: "alert transitions", stroke: COLORS.alert, width: 0, paths: () => null, points: { show: true, size: 11, fill: COLORS.alert } });
    values.push(xsMs.map((x) => (at.has(x) ? at.get(x) : null)));
  }
  return chart(s.metric + " · " + s.window, s.unit, xsMs.map((x) => x / 1000), series, values, s.metric + " " + s.window);
}

function healthChart(points) {
  const xs = points.map((p) => p[0] / 1000);
  const series = [
    { label: "remaining life", stroke: COLORS.avg, width: 2 },
    { label: "low", stroke: "#90caf9", width: 1 },
    { label: "high", stroke: "#90caf9", width: 1 },
  ];
  const box = chart("Remaining useful life", "cycles", xs, series, [points.map((p) => p[1]), points.map((p) => p[2]), points.map((p) => p[3])], "health");
  charts[charts.length - 1].destroy();
  charts.pop();
  box.replaceChildren(box.firstChild);
  const plot = new uPlot({
    width: width(), height: 220, scales: { x: { time: true } },
    series: [{}, ...series],
    bands: [{ series: [3, 2], fill: "rgba(144,202,249,0.3)" }],
    axes: [{}, { label: "cycles" }],
  }, [xs, points.map((p) => p[1]), points.map((p) => p[2]), points.map((p) => p[3])], box);
  charts.push(plot);
  return box;
}

async function refresh() {
  const data = await PW.api("/api/machine?" + new URLSearchParams(id).toString());
  while (charts.length) charts.pop().destroy();
  const title = PW.el("h1", { id: "title" }, PW.el("span", { class: "machine-name", text: id.machine }), PW.el("span", { class: "muted", text: "  " + id.site + " · " + id.line }));
  if (!data.known) {
    PW.replace(main, title, PW.el("p", { class: "empty", text: "The view has no data for this machine (yet)." }));
    return;
  }
  const states = PW.el("p", { id: "states" });
  for (const a of data.alerts) {
    states.append(PW.el("span", { class: "badge " + a.level, title: a.message, text: a.rule + ": " + a.state }), " ");
  }
  if (!data.alerts.length) states.append(PW.badge("OK"), " no rule has left OK");
  const grid = PW.el("div", { class: "charts", id: "charts" });
  const parts = [title, states];
  if (data.health.length) parts.push(PW.el("h2", { text: "Remaining useful life" }), healthChart(data.health));
  parts.push(PW.el("h2", { text: "Windows" }), grid);
  const head = PW.el("tr", {}, ...["Time", "State", "Rule", "Metric", "Value", "Threshold", "Message"].map((h) => PW.el("th", { text: h })));
  const body = PW.el("tbody");
  for (const t of data.transitions) {
    body.append(PW.el("tr", { class: "transition level-" + t.level },
      PW.el("td", { text: PW.time(t.at) }), PW.el("td", {}, PW.el("span", { class: "badge " + t.level, text: t.state })),
      PW.el("td", { text: t.rule }), PW.el("td", { text: t.metric }), PW.el("td", { class: "num", text: PW.num(t.value) }),
      PW.el("td", { class: "num", text: PW.num(t.threshold) }), PW.el("td", { text: t.message })));
  }
  parts.push(PW.el("h2", { text: "Alert transitions" }),
    data.transitions.length ? PW.el("table", { id: "transitions" }, PW.el("thead", {}, head), body) : PW.el("p", { class: "muted", text: "none" }));
  PW.replace(main, ...parts);
  for (const s of data.series) grid.append(metricChart(s, data.transitions));
}

document.title = "plantwatch · " + id.machine;
PW.live(refresh);
