// /viz/timeline: statements in one lane per side and events in their own lane, along time,
// drawn as plain SVG from timeline.json (kg.serve.viz). The time axis has one column per
// distinct date, in order; where dates are not consecutive the axis is broken and the gap is
// written out ("+118 days"), so clusters of days stay readable across a year.
"use strict";

(function () {
  const V = window.KGViz;
  const DAY = 86400000;
  const LEFT = 190, RIGHT = 30, TOP = 40, ROW = 15, PAD = 14, ROWS = 7, SUB = 15;

  function render(data) {
    const statements = data.statements.filter((s) => s.date);
    const events = data.events.filter((e) => e.date);
    const dates = Array.from(new Set([...statements, ...events].map((x) => x.date))).sort();
    const container = document.getElementById("timeline");
    const width = Math.max(900, container.clientWidth || 1200);
    const column = dates.length ? (width - LEFT - RIGHT) / dates.length : 0;
    const x = (date) => LEFT + column * (dates.indexOf(date) + 0.5);

    // Lanes: events first, then the sides; each as tall as its most crowded day.
    const lanes = [{ id: "events", label: "Events", label_ar: "أحداث" }, ...data.lanes];
    const stacks = {};
    const slot = (lane, date) => {
      const key = lane + "|" + date;
      stacks[key] = (stacks[key] || 0) + 1;
      return stacks[key] - 1;
    };
    const placed = [];
    // Events: one square per (date, type), with how many events it stands for.
    const eventGroups = new Map();
    for (const e of events) {
      const key = e.date + "|" + e.type;
      if (!eventGroups.has(key)) eventGroups.set(key, []);
      eventGroups.get(key).push(e);
    }
    for (const members of eventGroups.values()) {
      placed.push({ lane: "events", item: members[0], members, event: true, slot: slot("events", members[0].date) });
    }
    for (const s of statements) placed.push({ lane: s.lane, item: s, event: false, slot: slot(s.lane, s.date) });
    const depth = {};
    for (const p of placed) depth[p.lane] = Math.max(depth[p.lane] || 1, Math.min(ROWS, p.slot + 1));
    let y = TOP;
    const laneTop = {};
    for (const lane of lanes) {
      laneTop[lane.id] = y;
      y += PAD * 2 + ROW * (depth[lane.id] || 1);
    }
    const height = y + 30;
    const pointY = (p) => laneTop[p.lane] + PAD + ROW * (p.slot % ROWS) + ROW / 2;
    // A crowded day spreads over sub-columns of SUB pixels, centred on the day.
    const subs = (p) => Math.ceil((stacks[p.lane + "|" + p.item.date] || 1) / ROWS);
    const pointX = (p) => x(p.item.date) + (Math.floor(p.slot / ROWS) - (subs(p) - 1) / 2) * SUB;

    const root = V.svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "img",
      "aria-label": "timeline of blame statements and events", class: "timeline" });
    const defs = V.svg("defs", {}, V.svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: "9", refY: "5",
      markerWidth: "7", markerHeight: "7", orient: "auto-start-reverse" }, V.svg("path", { d: "M0,0 L10,5 L0,10 z", fill: "#333" })));
    root.append(defs);

    lanes.forEach((lane, i) => {
      const top = laneTop[lane.id], bottom = i + 1 < lanes.length ? laneTop[lanes[i + 1].id] : height - 30;
      root.append(V.svg("rect", { x: 0, y: top, width, height: bottom - top, class: i % 2 ? "lane odd" : "lane" }));
      root.append(V.svg("text", { x: 8, y: top + 18, class: "lane-label" }, lane.label));
      root.append(V.svg("text", { x: LEFT - 10, y: top + 36, class: "lane-label-ar", direction: "rtl", "text-anchor": "start" }, lane.label_ar));
    });

    // Axis: a date under each column, a break marker where days are missing.
    dates.forEach((date, i) => {
      const cx = x(date);
      root.append(V.svg("line", { x1: cx, x2: cx, y1: TOP, y2: height - 30, class: "tick" }));
      root.append(V.svg("text", { x: cx, y: TOP - 8, class: "date", "text-anchor": "middle" }, date.slice(5)));
      root.append(V.svg("text", { x: cx, y: height - 12, class: "date", "text-anchor": "middle" }, date.slice(0, 4)));
      if (i > 0) {
        const gap = Math.round((Date.parse(date) - Date.parse(dates[i - 1])) / DAY);
        if (gap > 1) {
          const bx = cx - column / 2;
          root.append(V.svg("line", { x1: bx, x2: bx, y1: TOP - 4, y2: height - 30, class: "break" }));
          root.append(V.svg("text", { x: bx, y: TOP - 22, class: "gap", "text-anchor": "middle" }, `+${gap} days`));
        }
      }
    });

    const byId = {};
    for (const p of placed) if (!p.event) byId[p.item.id] = p;

    // Replies under the points: an arc from an accusation to the next one in the other direction.
    const arcs = V.svg("g", { class: "replies" });
    for (const r of data.replies) {
      const a = byId[r.from], b = byId[r.to];
      if (!a || !b) continue;
      const x1 = pointX(a), y1 = pointY(a), x2 = pointX(b), y2 = pointY(b);
      const bend = Math.max(18, Math.abs(x2 - x1) * 0.25);
      arcs.append(V.svg("path", { d: `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`,
        class: "reply", "marker-end": "url(#arrow)", "data-from": r.from, "data-to": r.to },
        V.svg("title", {}, `${a.item.speaker_en} → ${a.item.target_en} (${a.item.date}), answered by ` +
          `${b.item.speaker_en} → ${b.item.target_en} (${b.item.date})`)));
    }
    root.append(arcs);

    const panel = document.getElementById("panel");
    const points = V.svg("g", { class: "points" });
    for (const p of placed) {
      const cx = pointX(p), cy = pointY(p);
      let shape;
      if (p.event) {
        const n = p.members.length, half = 4 + Math.min(4, Math.sqrt(n));
        shape = V.svg("rect", { x: cx - half, y: cy - half, width: 2 * half, height: 2 * half,
          fill: V.eventColour(p.item.type), class: "point event", "data-events": String(n) },
          V.svg("title", {}, `${n} × ${p.item.type} on ${p.item.date}`));
        shape.addEventListener("click", () => showEvents(p.members));
      } else {
        shape = V.svg("circle", { cx, cy, r: 5.5, fill: V.kindColour(p.item.kind), class: "point statement",
          "data-statement": p.item.id },
          V.svg("title", {}, `${p.item.date} ${p.item.speaker_en} → ${p.item.target_en}: ${V.label(p.item.kind)}`));
        shape.addEventListener("click", () => {
          panel.replaceChildren(V.el("h2", {}, "Statement"), V.el("ol", { class: "statements" }, V.statementCard(p.item)));
        });
      }
      points.append(shape);
    }
    root.append(points);
    container.replaceChildren(root);

    function showEvents(members) {
      const first = members[0];
      panel.replaceChildren(V.el("h2", {}, `${members.length} × ${first.type}, ${first.date}`),
        V.el("ol", { class: "statements" }, ...members.map((e) => V.el("li", { class: "statement" },
          V.el("p", {}, e.place_en ? `Place: ${e.place_en} ` : "No place ",
            e.place_ar ? V.el("span", { lang: "ar", dir: "rtl" }, e.place_ar) : null,
            ` · ${e.date} (${e.date_basis || "basis unknown"}) · `,
            V.el("a", { href: V.href(e.article_path, e.article) }, "article"), " · ",
            V.el("a", { href: V.href(e.path, e.iri) }, "event")),
          e.evidence ? V.el("p", { class: "evidence", lang: "ar", dir: "rtl" }, e.evidence) : null))));
    }

    // Who spoke first.
    const s = data.summary;
    const laneName = Object.fromEntries(data.lanes.map((l) => [l.id, l.label]));
    if (s.first_date) {
      const firsts = statements.filter((x) => x.date === s.first_date);
      document.getElementById("first").textContent =
        `Earliest dated statements (${s.first_date}), by ${s.first_lanes.map((l) => laneName[l]).join(" and ")}: ` +
        firsts.map((x) => `${x.speaker_en} → ${x.target_en} (${V.label(x.kind)})`).join("; ") +
        `. ${data.replies.length} replies drawn between the two sides.`;
    }

    const legend = document.getElementById("legend");
    const kinds = Array.from(new Set(statements.map((x) => x.kind))).sort();
    V.legend(legend, "Statements (circles), by kind", kinds.map((k) => [V.label(k), V.kindColour(k)]));
    const types = Array.from(new Set(events.map((e) => e.type))).sort();
    V.legend(legend, "Events (squares, one per type and day, larger for more events), by type", types.map((t) => [t, V.eventColour(t)]));

    const undated = document.getElementById("undated-list");
    const list = V.el("ul", {});
    for (const x of data.statements.filter((x) => !x.date)) {
      list.append(V.el("li", {}, `Statement: ${x.speaker_en} → ${x.target_en} (${V.label(x.kind)}) `,
        V.el("a", { href: V.href(x.article_path, x.article) }, "article")));
    }
    for (const e of data.events.filter((e) => !e.date)) {
      list.append(V.el("li", {}, `Event: ${e.type}${e.place_en ? " in " + e.place_en : ""} `,
        V.el("a", { href: V.href(e.article_path, e.article) }, "article")));
    }
    undated.append(V.el("p", {}, `${data.statements.length - statements.length} statements and ` +
      `${data.events.length - events.length} events have no date.`), list);

    document.body.dataset.points = String(statements.length + events.length);
    document.body.dataset.statements = String(statements.length);
    document.body.dataset.events = String(events.length);
    document.body.dataset.replies = String(arcs.childNodes.length);
    document.body.dataset.ready = "yes";
  }

  V.getJSON("timeline.json").then(render).catch(V.fail);
})();
