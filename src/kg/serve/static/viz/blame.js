// /viz/blame: the blame network drawn with Cytoscape.js from blame.json (kg.serve.viz).
// Edges are (speaker, target, kind) with their statements; the date sliders keep the
// statements of a date range, and an edge's width follows how many of its statements remain.
"use strict";

(function () {
  const V = window.KGViz;
  const TYPE_SHAPES = {
    State: "round-rectangle", GovernmentBody: "ellipse", ArmedForces: "diamond", Person: "ellipse",
    InternationalOrganization: "hexagon", NonStateGroup: "triangle", NewsAgency: "tag", Organization: "octagon",
  };

  function inRange(s, range) {
    if (!s.date) return range.undated;
    return s.date >= range.from && s.date <= range.to;
  }

  function render(data) {
    const { nodes, edges } = data.elements;
    const colours = V.groupColours(nodes.map((n) => n.data.group));
    // Initial positions on a circle, actors of one group together: cose starts from them, so
    // the drawing is the same on every load (no random start).
    const order = nodes.slice().sort((a, b) => (a.data.group + a.data.label).localeCompare(b.data.group + b.data.label));
    order.forEach((n, i) => {
      const angle = (2 * Math.PI * i) / order.length;
      n.position = { x: 400 * Math.cos(angle), y: 400 * Math.sin(angle) };
      n.data.colour = colours[n.data.group];
      n.data.degree = n.data.made + n.data.received;
    });
    for (const e of edges) {
      e.data.colour = V.kindColour(e.data.kind);
      e.data.shown = e.data.count;
    }
    const maxDegree = Math.max(1, ...nodes.map((n) => n.data.degree));

    const box = document.getElementById("cy");
    const cy = window.cytoscape({
      container: box,
      elements: { nodes, edges },
      wheelSensitivity: 0.3,
      style: [
        { selector: "node", style: {
          "background-color": "data(colour)", label: "data(label)", "font-size": 12, color: "#222",
          "text-wrap": "wrap", "text-max-width": 130, "text-valign": "bottom", "text-margin-y": 3,
          "text-background-color": "#ffffff", "text-background-opacity": 0.75, "text-background-padding": 1,
          shape: (n) => TYPE_SHAPES[n.data("type")] || "ellipse",
          width: (n) => 18 + 30 * Math.sqrt(n.data("degree") / maxDegree),
          height: (n) => 18 + 30 * Math.sqrt(n.data("degree") / maxDegree),
          "border-width": 1, "border-color": "#555",
        } },
        { selector: "edge", style: {
          "line-color": "data(colour)", "target-arrow-color": "data(colour)", "target-arrow-shape": "triangle",
          "curve-style": "bezier", width: (e) => 1.5 + 2.2 * Math.sqrt(e.data("shown")), opacity: 0.8,
          "arrow-scale": 0.9,
        } },
        { selector: "edge:selected", style: { opacity: 1, "underlay-color": "#ffd60a", "underlay-opacity": 0.6, "underlay-padding": 4 } },
        { selector: "node:selected", style: { "border-width": 3, "border-color": "#ffb703" } },
        { selector: ".hidden", style: { display: "none" } },
        { selector: ".faded", style: { opacity: 0.25 } },
      ],
      // cose within the box of the drawing, so the network fills its width (the container
      // is wider than tall) and the labels stay readable without zooming.
      layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: () => 400000,
        idealEdgeLength: () => 90, edgeElasticity: () => 100, gravity: 1, numIter: 2500,
        componentSpacing: 60, nodeDimensionsIncludeLabels: true, padding: 20,
        boundingBox: { x1: 0, y1: 0, w: box.clientWidth, h: box.clientHeight } },
    });
    window.__cy = cy;

    // Date sliders over the distinct statement dates.
    const dates = Array.from(new Set(edges.flatMap((e) => e.data.statements.map((s) => s.date)).filter(Boolean))).sort();
    const from = document.getElementById("date-from");
    const to = document.getElementById("date-to");
    const undated = document.getElementById("undated");
    for (const input of [from, to]) { input.max = String(Math.max(0, dates.length - 1)); }
    from.value = "0";
    to.value = String(Math.max(0, dates.length - 1));
    let current = null;

    function range() {
      let a = Number(from.value), b = Number(to.value);
      if (a > b) [a, b] = [b, a];
      return { from: dates[a] || "0000-01-01", to: dates[b] || "9999-12-31", undated: undated.checked };
    }

    function apply() {
      const r = range();
      document.getElementById("date-from-value").textContent = r.from;
      document.getElementById("date-to-value").textContent = r.to;
      let statements = 0, shownEdges = 0;
      const articles = new Set();
      cy.batch(() => {
        cy.edges().forEach((edge) => {
          const kept = edge.data("statements").filter((s) => inRange(s, r));
          edge.data("shown", kept.length);
          edge.toggleClass("hidden", kept.length === 0);
          statements += kept.length;
          if (kept.length) shownEdges += 1;
          kept.forEach((s) => { if (s.article) articles.add(s.article); });
        });
        cy.nodes().forEach((node) => {
          node.toggleClass("faded", node.connectedEdges().filter((e) => !e.hasClass("hidden")).length === 0);
        });
      });
      document.getElementById("shown").textContent =
        `Showing ${statements} of ${data.summary.statements} statements (${shownEdges} arrows, ` +
        `${articles.size} articles), dated ${r.from} to ${r.to}` + (r.undated ? ", and the undated ones." : ".");
      document.body.dataset.shownStatements = String(statements);
      if (current) showEdge(current);
    }

    const panel = document.getElementById("panel");

    function showEdge(edge) {
      current = edge;
      const d = edge.data();
      const source = edge.source().data(), target = edge.target().data();
      const kept = d.statements.filter((s) => inRange(s, range()));
      panel.replaceChildren(
        V.el("h2", {}, source.label, " → ", target.label),
        V.el("p", { class: "who-ar", lang: "ar", dir: "rtl" }, `${source.label_ar || ""} ← ${target.label_ar || ""}`),
        V.el("p", {}, V.el("span", { class: "kind", style: `background:${d.colour}` }, V.label(d.kind)),
          ` ${kept.length} of ${d.count} statement${d.count === 1 ? "" : "s"} in the date range` +
          (d.pair_count !== d.count ? ` (${d.pair_count} of all kinds between the two)` : "")),
        V.el("ol", { class: "statements" }, ...kept.map(V.statementCard)));
    }

    function showNode(node) {
      current = null;
      const d = node.data();
      panel.replaceChildren(
        V.el("h2", {}, d.label),
        V.el("p", { class: "who-ar", lang: "ar", dir: "rtl" }, d.label_ar || ""),
        V.el("p", {}, `${d.type || "Actor"}${d.country ? ", " + d.country : ""}: made ${d.made}, ` +
          `received ${d.received} blame statements.`),
        V.el("p", {}, V.el("a", { href: V.href(d.path, d.id) }, "actor page")));
    }

    cy.on("tap", "edge", (event) => showEdge(event.target));
    cy.on("tap", "node", (event) => showNode(event.target));
    for (const input of [from, to, undated]) input.addEventListener("input", apply);

    const legend = document.getElementById("legend");
    const groups = Object.keys(colours).sort();
    const regions = new Intl.DisplayNames(["en"], { type: "region" });
    const groupName = (g) => {
      if (/^[A-Z]{2}$/.test(g)) return `${regions.of(g)} (${g})`;
      return g.replace(/([a-z])([A-Z])/g, "$1 $2");
    };
    V.legend(legend, "Actors, by state (or by type for bodies without one)", groups.map((g) => [groupName(g), colours[g]]));
    const kinds = Array.from(new Set(edges.map((e) => e.data.kind))).sort();
    V.legend(legend, "Arrows, by kind of statement", kinds.map((k) => [V.label(k), V.kindColour(k)]));
    legend.append(V.el("p", { class: "small" }, "Shapes: rounded square = state, ellipse = government body or person, " +
      "diamond = armed forces, hexagon = international organisation. Size grows with the statements an actor made and received."));

    apply();
    document.body.dataset.nodes = String(cy.nodes().length);
    document.body.dataset.edges = String(cy.edges().length);
    document.body.dataset.ready = "yes";
  }

  V.getJSON("blame.json").then(render).catch(V.fail);
})();
