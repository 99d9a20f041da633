// Pipeline: each stage's running total and rate, and the facts that are not totals.
"use strict";

const main = document.getElementById("main");

async function refresh() {
  const data = await PW.api("/api/pipeline");
  const head = PW.el("tr", {}, ...["Stage", "Total", "Per second"].map((h) => PW.el("th", { text: h })));
  const body = PW.el("tbody");
  for (const s of data.stages) {
    body.append(PW.el("tr", { class: "stage", "data-stage": s.name },
      PW.el("td", { class: "name", text: s.name }),
      PW.el("td", { class: "num total", text: s.total < 0 ? "–" : s.total.toLocaleString("en-US") + " " + s.unit }),
      PW.el("td", { class: "num rate", text: s.perSecond === null ? "–" : PW.num(s.perSecond, 1) + "/s" })));
  }
  const facts = PW.el("tbody");
  for (const f of data.facts) {
    facts.append(PW.el("tr", { class: "fact", "data-fact": f.name }, PW.el("td", { text: f.name }), PW.el("td", { class: "value", text: f.value })));
  }
  PW.replace(main, PW.el("h1", { text: "Pipeline" }),
    PW.el("p", { class: "muted", id: "at", text: "as of " + PW.time(data.at) }),
    PW.el("table", { id: "stages" }, PW.el("thead", {}, head), body),
    PW.el("h2", { text: "Now" }),
    PW.el("table", { id: "facts" }, facts));
}

PW.mark("pipeline");
PW.live(refresh, true);
