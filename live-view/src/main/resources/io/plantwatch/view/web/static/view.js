// Shared by the four pages. Everything the pipeline names (sites, machines, messages) is put on
// the page with textContent or as an attribute value, never parsed as markup.
"use strict";

const PW = {
  el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined) continue;
      if (k === "class") e.className = v;
      else if (k === "text") e.textContent = v;
      else e.setAttribute(k, v);
    }
    for (const c of children) {
      if (c === null || c === undefined) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  },

  async api(path) {
    const r = await fetch(path, { cache: "no-store", credentials: "same-origin" });
    if (!r.ok) throw new Error(path + " answered " + r.status);
    return r.json();
  },

  machineHref(site, line, machine) {
    return "/machine?" + new URLSearchParams({ site, line, machine }).toString();
  },

  num(v, digits) {
    if (v === null || v === undefined || Number.isNaN(v)) return "–";
    const d = digits === undefined ? 2 : digits;
    return Number(v).toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });
  },

  time(ms) {
    if (ms === null || ms === undefined) return "–";
    return new Date(ms).toLocaleString("sv-SE", { hour12: false });
  },

  badge(level) {
    return PW.el("span", { class: "badge " + level, text: level });
  },

  // Calls refresh() at once, then whenever the server says the data moved (every tick when
  // everyTick): server-sent events, which the browser reconnects by itself after a restart.
  live(refresh, everyTick) {
    const status = document.getElementById("live");
    let version = null;
    let busy = false;
    const run = async () => {
      if (busy) return;
      busy = true;
      try { await refresh(); } catch (e) { status.textContent = String(e.message || e); }
      finally { busy = false; }
    };
    run();
    // One stream per open page, closed when the page is left: a page kept in the back/forward
    // cache would otherwise hold one of the browser's six connections to the view.
    let events = null;
    const connect = () => {
      events = new EventSource("/api/events");
      events.addEventListener("tick", (m) => {
        status.className = "live on";
        status.textContent = "live";
        const v = JSON.parse(m.data).version;
        if (everyTick || v !== version) {
          version = v;
          run();
        }
      });
      events.onerror = () => { status.className = "live off"; status.textContent = "reconnecting…"; };
    };
    connect();
    window.addEventListener("pagehide", () => { if (events) events.close(); events = null; });
    window.addEventListener("pageshow", (e) => { if (e.persisted && !events) { connect(); run(); } });
  },

  mark(page) {
    for (const a of document.querySelectorAll("header a[data-nav]")) {
      if (a.dataset.nav === page) a.classList.add("current");
    }
  },

  replace(node, ...children) {
    node.replaceChildren(...children);
  },
};
