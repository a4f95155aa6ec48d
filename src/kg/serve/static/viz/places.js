// /viz/places: the places of places.json (kg.serve.viz) as an SVG coordinate plot.
// Equirectangular projection over the bounding box of the places: x = longitude × cos(middle
// latitude), y = −latitude, scaled to fit; no map tiles, only a graticule every half degree.
"use strict";

(function () {
  const V = window.KGViz;
  const MARGIN = 60;

  function render(data) {
    const container = document.getElementById("places");
    const places = data.places;
    const box = data.bbox;
    const summary = data.summary;
    document.getElementById("places-summary").textContent =
      `${summary.places} places with coordinates, ${summary.places_with_events} of them with events; ` +
      `${summary.events_placed} of ${summary.events} events are placed on this plot` +
      (summary.events_unplaced ? ` (${summary.events_unplaced} have no place with coordinates).` : ".");
    if (!box) { document.body.dataset.ready = "yes"; document.body.dataset.points = "0"; return; }

    const pad = 0.25;  // degrees around the box, so edge labels fit
    const west = box.west - pad, east = box.east + pad, south = box.south - pad, north = box.north + pad;
    const k = Math.cos(((south + north) / 2) * Math.PI / 180);
    const width = Math.max(800, container.clientWidth || 1100);
    const scale = (width - 2 * MARGIN) / ((east - west) * k);
    const height = Math.round((north - south) * scale + 2 * MARGIN);
    const px = (lon) => MARGIN + (lon - west) * k * scale;
    const py = (lat) => MARGIN + (north - lat) * scale;

    const root = V.svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "img",
      "aria-label": "places by coordinates", class: "places" });
    const grid = V.svg("g", { class: "graticule" });
    for (let lon = Math.ceil(west * 2) / 2; lon <= east; lon += 0.5) {
      grid.append(V.svg("line", { x1: px(lon), x2: px(lon), y1: MARGIN / 2, y2: height - MARGIN / 2 }));
      grid.append(V.svg("text", { x: px(lon), y: height - 8, "text-anchor": "middle" }, `${lon.toFixed(1)}°E`));
    }
    for (let lat = Math.ceil(south * 2) / 2; lat <= north; lat += 0.5) {
      grid.append(V.svg("line", { x1: MARGIN / 2, x2: width - MARGIN / 2, y1: py(lat), y2: py(lat) }));
      grid.append(V.svg("text", { x: 4, y: py(lat) - 3 }, `${lat.toFixed(1)}°N`));
    }
    root.append(grid);

    // Containment: a faint line from a place to the place it lies in.
    const byIri = Object.fromEntries(places.map((p) => [p.iri, p]));
    const links = V.svg("g", { class: "within" });
    for (const p of places) {
      const parent = byIri[p.within];
      if (parent) links.append(V.svg("line", { x1: px(p.lon), y1: py(p.lat), x2: px(parent.lon), y2: py(parent.lat) }));
    }
    root.append(links);

    const panel = document.getElementById("panel");
    const radius = (p) => (p.events ? 5 + 4 * Math.sqrt(p.events) : 3.5);
    const dots = V.svg("g", { class: "dots" });
    const labels = V.svg("g", { class: "labels" });
    // Labels, the places with most events first: Arabic above and English below the dot, else
    // both to the right or to the left; a label that fits nowhere is left out (the dot keeps
    // its names as a tooltip), except for places with events, which are always labelled.
    const taken = [];
    const textWidth = (t, size) => (t || "").length * size * 0.55;
    for (const p of places.slice().sort((a, b) => b.events - a.events)) {
      const cx = px(p.lon), cy = py(p.lat), r = radius(p);
      const dot = V.svg("circle", { cx, cy, r, class: p.events ? "place has-events" : "place", "data-place": p.iri },
        V.svg("title", {}, `${p.label_en} / ${p.label_ar}: ${p.events} events`));
      dot.addEventListener("click", () => show(p));
      dots.append(dot);
      taken.push({ x1: cx - r, x2: cx + r, y1: cy - r, y2: cy + r });
    }
    for (const p of places.slice().sort((a, b) => b.events - a.events)) {
      const cx = px(p.lon), cy = py(p.lat), r = radius(p);
      const en = p.label_en + (p.events ? ` (${p.events})` : "");
      const w = Math.max(textWidth(en, 11), textWidth(p.label_ar, 12));
      const options = [
        { ar: [cx, cy - r - 3, "middle"], en: [cx, cy + r + 11, "middle"],
          box: [{ x1: cx - w / 2, x2: cx + w / 2, y1: cy - r - 15, y2: cy - r - 1 }, { x1: cx - w / 2, x2: cx + w / 2, y1: cy + r + 1, y2: cy + r + 14 }] },
        { ar: [cx + r + 4, cy - 2, "start"], en: [cx + r + 4, cy + 11, "start"],
          box: [{ x1: cx + r + 2, x2: cx + r + 6 + w, y1: cy - 14, y2: cy + 14 }] },
        { ar: [cx - r - 4, cy - 2, "end"], en: [cx - r - 4, cy + 11, "end"],
          box: [{ x1: cx - r - 6 - w, x2: cx - r - 2, y1: cy - 14, y2: cy + 14 }] },
      ];
      const fits = (o) => o.box.every((b) => taken.every((a) => b.x2 < a.x1 || b.x1 > a.x2 || b.y2 < a.y1 || b.y1 > a.y2));
      const choice = options.find(fits) || (p.events ? options[0] : null);
      if (!choice) continue;
      taken.push(...choice.box);
      // Arabic right to left: "start" and "end" swap sides under direction="rtl".
      const arAnchor = { start: "end", end: "start", middle: "middle" }[choice.ar[2]];
      labels.append(V.svg("text", { x: choice.ar[0], y: choice.ar[1], "text-anchor": arAnchor, class: "label-ar", direction: "rtl" }, p.label_ar || ""));
      labels.append(V.svg("text", { x: choice.en[0], y: choice.en[1], "text-anchor": choice.en[2], class: "label-en" }, en));
    }
    root.append(dots, labels);
    container.replaceChildren(root);

    function show(p) {
      const types = Object.entries(p.types);
      panel.replaceChildren(V.el("h2", {}, p.label_en || p.iri),
        V.el("p", { lang: "ar", dir: "rtl", class: "who-ar" }, p.label_ar || ""),
        V.el("p", {}, `${p.lat.toFixed(3)}°N ${p.lon.toFixed(3)}°E (gazetteer, approximate)` +
          (p.within && byIri[p.within] ? `, in ${byIri[p.within].label_en}` : "")),
        V.el("p", {}, p.events ? `${p.events} events: ` + types.map(([t, n]) => `${t} ${n}`).join(", ") : "No events."),
        V.el("p", {}, V.el("a", { href: V.href(p.path, p.iri) }, "place page")));
    }

    document.body.dataset.points = String(places.length);
    document.body.dataset.withEvents = String(places.filter((p) => p.events).length);
    document.body.dataset.ready = "yes";
  }

  V.getJSON("places.json").then(render).catch(V.fail);
})();
