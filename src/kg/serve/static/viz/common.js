// Shared by the /viz pages (kg.serve.viz): colours, DOM building, the statement card.
// Text from the data is only ever set as text (textContent), never parsed as HTML.
"use strict";

window.KGViz = (function () {
  // Statement kinds (kg:StatementKinds) → colour; the blame kinds first.
  const KIND_COLOURS = {
    accuse: "#d62728", condemn: "#ff7f0e", hold_responsible: "#8c564b",
    describe_as_aggression: "#e377c2", call_to_stop: "#1f77b4", deny: "#7f7f7f",
    concern: "#bcbd22", call_for_restraint: "#17becf", casualty_claim: "#9467bd",
    announce: "#2ca02c", refuse_to_blame: "#aaaaaa",
  };
  // Node groups: the two sides, then other states from a palette, then actor types.
  const SIDE_COLOURS = { AM: "#e76f51", AZ: "#2a9d8f" };
  const STATE_PALETTE = ["#e9c46a", "#8ab17d", "#f4a261", "#9c89b8", "#5fa8d3", "#b5838d", "#6d597a", "#90be6d"];
  const TYPE_COLOURS = {
    InternationalOrganization: "#264653", NonStateGroup: "#6c584c", Person: "#adb5bd",
    GovernmentBody: "#adb5bd", ArmedForces: "#adb5bd", NewsAgency: "#ced4da", Organization: "#8d99ae",
    State: "#adb5bd", Actor: "#adb5bd",
  };
  const EVENT_COLOURS = {
    Clash: "#c1121f", Shelling: "#e85d04", MilitaryOperation: "#6a040f", CeasefireViolation: "#9d0208",
    Ceasefire: "#2d6a4f", Protest: "#7b2cbf", Casualty: "#3d405b", Event: "#6c757d",
  };

  function kindColour(kind) { return KIND_COLOURS[kind] || "#555555"; }
  function eventColour(type) { return EVENT_COLOURS[type] || "#6c757d"; }
  function label(kind) { return String(kind || "").replace(/_/g, " "); }

  // Colours for node groups: AM/AZ fixed, other ISO codes in sorted order from the palette.
  function groupColours(groups) {
    const colours = {};
    const states = Array.from(new Set(groups)).filter((g) => /^[A-Z]{2}$/.test(g) && !SIDE_COLOURS[g]).sort();
    states.forEach((g, i) => { colours[g] = STATE_PALETTE[i % STATE_PALETTE.length]; });
    for (const g of groups) {
      if (!colours[g]) colours[g] = SIDE_COLOURS[g] || TYPE_COLOURS[g] || "#adb5bd";
    }
    return colours;
  }

  // Behind el("p", {class: "x", dir: "rtl"}, "text", child, …) and svg("g", {…}, …).
  function build(node, attrs, children) {
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v !== null && v !== undefined) node.setAttribute(k, v);
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function el(tag, attrs, ...children) {
    return build(document.createElement(tag), attrs, children);
  }

  function svg(tag, attrs, ...children) {
    return build(document.createElementNS("http://www.w3.org/2000/svg", tag), attrs, children);
  }

  // A server path ("/article/x") as a link from a page under /viz/ ("../article/x").
  function href(path, iri) { return path ? ".." + path : iri; }

  async function getJSON(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${await response.text()}`);
    return response.json();
  }

  // The Arabic evidence sentence, the quoted words marked where they occur in it.
  function evidence(statement) {
    const p = el("p", { class: "evidence", lang: "ar", dir: "rtl" });
    const text = statement.evidence || "";
    const quote = statement.quote || "";
    const at = quote ? text.indexOf(quote) : -1;
    if (at >= 0) {
      p.append(text.slice(0, at), el("mark", {}, quote), text.slice(at + quote.length));
    } else {
      p.append(text || "(no evidence sentence)");
    }
    const out = [p];
    if (quote && at < 0) out.push(el("p", { class: "quote", lang: "ar", dir: "rtl" }, "«", quote, "»"));
    return out;
  }

  function statementCard(s) {
    const date = s.date ? `${s.date} (${s.date_basis || "basis unknown"})` : "undated";
    const links = [el("a", { href: href(s.article_path, s.article) }, "article"), " · ",
      el("a", { href: href(s.path, s.iri) }, "statement")];
    return el("li", { class: "statement", "data-statement": s.id },
      el("p", { class: "who" },
        el("span", { class: "kind", style: `background:${kindColour(s.kind)}` }, label(s.kind)), " ",
        el("strong", {}, s.speaker_en || s.speaker), " → ", el("strong", {}, s.target_en || s.target)),
      el("p", { class: "who-ar", lang: "ar", dir: "rtl" }, `${s.speaker_ar || ""} ← ${s.target_ar || ""}`),
      el("p", { class: "meta" }, date,
        s.confidence !== null && s.confidence !== undefined ? ` · confidence ${s.confidence}` : "",
        " · ", ...links),
      ...evidence(s));
  }

  function legend(container, title, entries) {
    const list = el("ul", {});
    for (const [name, colour] of entries) {
      list.append(el("li", {}, el("span", { class: "swatch", style: `background:${colour}` }), " ", name));
    }
    container.append(el("div", { class: "legend-block" }, el("strong", {}, title), list));
  }

  function fail(error) {
    document.body.dataset.ready = "error";
    document.querySelector("main").prepend(el("p", { class: "notice", id: "viz-error" }, String(error)));
    throw error;
  }

  return { kindColour, eventColour, groupColours, label, el, svg, href, getJSON, statementCard, legend, fail };
})();
