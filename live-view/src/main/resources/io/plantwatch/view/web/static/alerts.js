// Alerts: every transition, newest first, with the mail it produced.
"use strict";

const main = document.getElementById("main");

async function showMail(key, cell) {
  const mail = await PW.api("/api/mail?key=" + encodeURIComponent(key));
  cell.append(PW.el("pre", { class: "mail" }, "To: " + mail.to.join(", ") + "\nSubject: " + mail.subject + "\n\n" + (mail.text || "")));
}

// A transition's mails: one per recipient, or a digest reporting several transitions.
function mailCell(t, outbox) {
  const td = PW.el("td", { class: "mail" });
  if (!t.mailed) {
    td.append(PW.el("span", { class: "muted", text: "not mailed" }));
  } else if (t.mails.length) {
    for (const m of t.mails) {
      const button = PW.el("button", { type: "button", text: "show" });
      const line = PW.el("div", { class: "mail-line", "data-key": m.key },
        PW.el("span", { class: "subject", text: m.subject }), " ",
        PW.el("span", { class: "muted", text: "(" + m.status + ", to " + m.to.join(", ") + ")" }), " ", button);
      button.addEventListener("click", () => { button.remove(); showMail(m.key, line); });
      td.append(line);
    }
  } else {
    td.append(PW.el("span", { class: "muted", text: outbox ? "mailed (not in the outbox yet)" : "mailed" }));
  }
  return td;
}

async function refresh() {
  const data = await PW.api("/api/alerts");
  const head = PW.el("tr", {}, ...["Time", "State", "Since", "Machine", "Rule", "Severity", "Value", "Threshold", "Message", "Mail"].map((h) => PW.el("th", { text: h })));
  const body = PW.el("tbody");
  for (const t of data.transitions) {
    body.append(PW.el("tr", { class: "transition level-" + t.level, "data-id": t.id, "data-machine": t.machine, "data-state": t.state },
      PW.el("td", { class: "time", text: PW.time(t.at) }),
      PW.el("td", { class: "state" }, PW.el("span", { class: "badge " + t.level, text: t.state })),
      PW.el("td", { class: "previous muted", text: t.previous }),
      PW.el("td", { class: "machine" }, PW.el("a", { href: PW.machineHref(t.site, t.line, t.machine), text: t.machine }), PW.el("div", { class: "muted", text: t.site + " · " + t.line })),
      PW.el("td", { class: "rule", text: t.rule }),
      PW.el("td", { class: "severity", text: t.severity }),
      PW.el("td", { class: "num value", text: PW.num(t.value) }),
      PW.el("td", { class: "num threshold", text: PW.num(t.threshold) }),
      PW.el("td", { class: "message", text: t.message }),
      mailCell(t, data.outbox)));
  }
  PW.replace(main, PW.el("h1", { text: "Alerts" }),
    data.transitions.length ? PW.el("table", { id: "alerts" }, PW.el("thead", {}, head), body)
      : PW.el("p", { class: "empty", text: "No alert transition yet." }));
}

PW.mark("alerts");
PW.live(refresh);
