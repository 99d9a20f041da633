// Fleet: every machine × metric with its newest window, coloured by the state of its rules.
"use strict";

const RANK = { FIRING: 0, STALE: 1, PENDING: 2, OK: 3 };
const main = document.getElementById("main");
const params = new URLSearchParams(location.search);
const state = { site: params.get("site") || "", line: params.get("line") || "", window: params.get("window") || "", sort: params.get("sort") || "state" };

function select(name, label, values, current) {
  const s = PW.el("select", { name, id: "filter-" + name });
  for (const [value, text] of values) {
    const o = PW.el("option", { value, text });
    if (value === current) o.selected = true;
    s.append(o);
  }
  s.addEventListener("change", () => {
    state[name] = s.value;
    const q = new URLSearchParams(Object.entries(state).filter(([, v]) => v));
    history.replaceState(null, "", q.toString() ? "?" + q : location.pathname);
    draw();
  });
  return PW.el("label", {}, label + " ", s);
}

let data = null;

function draw() {
  if (!data) return;
  const windows = data.windows;
  if (!state.window || !windows.includes(state.window)) state.window = windows[0] || "";
  const sites = [...new Set(data.machines.map((m) => m.site))].sort();
  const lines = [...new Set(data.machines.filter((m) => !state.site || m.site === state.site).map((m) => m.line))].sort();
  const controls = PW.el("div", { class: "controls" },
    select("site", "Site", [["", "all"], ...sites.map((s) => [s, s])], state.site),
    select("line", "Line", [["", "all"], ...lines.map((l) => [l, l])], state.line),
    select("window", "Window", windows.map((w) => [w, w]), state.window),
    select("sort", "Sort", [["state", "by state"], ["name", "by name"]], state.sort));

  const machines = data.machines.filter((m) => (!state.site || m.site === state.site) && (!state.line || m.line === state.line));
  if (state.sort === "state") machines.sort((a, b) => RANK[a.level] - RANK[b.level]);
  const firing = machines.filter((m) => m.level === "FIRING").length;
  const summary = PW.el("p", { id: "summary" }, machines.length + " machines, " + firing + " firing");

  const head = PW.el("tr", {}, ...["State", "Site", "Line", "Machine", "Gateway", "Metric", "Avg", "Max", "Min", "Unit", "Readings", "Window end", "Remaining life"].map((h) => PW.el("th", { text: h })));
  const body = PW.el("tbody");
  for (const m of machines) {
    const metrics = m.metrics.filter((x) => x.window === state.window);
    const rows = metrics.length ? metrics : [null];
    if (state.sort === "state") rows.sort((a, b) => (a && b ? RANK[a.level] - RANK[b.level] : 0));
    rows.forEach((x, i) => {
      const level = x ? x.level : m.level;
      const tr = PW.el("tr", { class: "metric-row level-" + level, "data-site": m.site, "data-line": m.line, "data-machine": m.machine, "data-metric": x ? x.metric : "" });
      const gateway = m.gateway === null ? PW.el("span", { class: "muted", text: "–" })
        : m.gatewayOnline === false ? PW.el("span", { class: "offline", title: "gateway offline: its machines cannot report", text: m.gateway + " (offline)" })
        : PW.el("span", { text: m.gateway });
      const life = m.health && m.health.rul !== null && m.health.rul !== undefined
        ? PW.num(m.health.rul, 0) + " cycles (" + PW.num(m.health.low, 0) + "–" + PW.num(m.health.high, 0) + ")"
        : "–";
      tr.append(
        PW.el("td", { class: "state" }, PW.badge(level)),
        PW.el("td", { class: "site", text: m.site }),
        PW.el("td", { class: "line", text: m.line }),
        PW.el("td", { class: "machine" }, PW.el("a", { href: PW.machineHref(m.site, m.line, m.machine), text: m.machine })),
        PW.el("td", { class: "gateway" }, gateway),
        PW.el("td", { class: "metric", text: x ? x.metric : "–" }),
        PW.el("td", { class: "num avg", text: x ? PW.num(x.avg) : "–" }),
        PW.el("td", { class: "num max", text: x ? PW.num(x.max) : "–" }),
        PW.el("td", { class: "num min", text: x ? PW.num(x.min) : "–" }),
        PW.el("td", { class: "unit", text: x ? x.unit : "" }),
        PW.el("td", { class: "num count", text: x ? String(x.count) : "–" }),
        PW.el("td", { class: "end", text: x ? PW.time(x.windowEnd) : "–" }),
        PW.el("td", { class: "life", text: i === 0 ? life : "" }));
      body.append(tr);
    });
  }
  const table = PW.el("table", { id: "fleet" }, PW.el("thead", {}, head), body);
  PW.replace(main, PW.el("h1", { text: "Fleet" }), controls, summary,
    data.machines.length ? table : PW.el("p", { class: "empty", text: "No machine has reported yet: windows appear here as the job writes them." }));
}

PW.mark("fleet");
PW.live(async () => { data = await PW.api("/api/fleet"); draw(); });
