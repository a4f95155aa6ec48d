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
    for (const p of places.slice().sort((a, b) => b.events - a.events)) {
      const cx = px(p.lon), cy = py(p.lat), r = radius(p);
      const dot = V.svg("circle", { cx, cy, r, class: p.events ? "place has-events" : "place", "data-place": p.iri },
        V.svg("title", {}, `${p.label_en} / ${p.label_ar}: ${p.events} events`));
      dot.addEventListener("click", () => show(p));
      dots.append(dot);
      labels.append(V.svg("text", { x: cx, y: cy - r - 3, "text-anchor": "middle", class: "label-ar", direction: "rtl" }, p.label_ar || ""));
      labels.append(V.svg("text", { x: cx, y: cy + r + 11, "text-anchor": "middle", class: "label-en" },
        p.label_en + (p.events ? ` (${p.events})` : "")));
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
