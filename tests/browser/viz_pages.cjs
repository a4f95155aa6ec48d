#!/usr/bin/env node
// Drives the /viz pages in headless Debian chromium (playwright-core, no downloaded browser):
// load each page, wait until its script has drawn (body[data-ready]), read what it drew from
// the body's data-* attributes, save a screenshot; on the blame network, click the widest edge
// and read the evidence panel. Reports one JSON object on stdout with every request made.
// Used by tests/test_viz.py.
//
// usage: node tests/browser/viz_pages.cjs SERVER_URL SCREENSHOT_DIR
// env:   CHROMIUM (default /usr/bin/chromium)
"use strict";

const path = require("path");
const { chromium } = require("playwright-core");

// Offline flags (every host but 127.0.0.1 unresolvable): see offline.cjs.
const { OFFLINE_ARGS, recordCspViolations } = require("./offline.cjs");

async function openPage(browser, url, report) {
  const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
  const entry = { url, requests: [], consoleErrors: [], pageErrors: [] };
  page.on("request", (request) => { entry.requests.push(request.url()); report.requests.push(request.url()); });
  page.on("console", (message) => { if (message.type() === "error") entry.consoleErrors.push(message.text()); });
  page.on("pageerror", (error) => entry.pageErrors.push(String(error)));
  await recordCspViolations(page);
  const response = await page.goto(url, { waitUntil: "load" });
  entry.status = response.status();
  entry.csp = response.headers()["content-security-policy"] || null;
  await page.waitForSelector("body[data-ready]", { timeout: 30000 });
  entry.data = await page.evaluate(() => Object.assign({}, document.body.dataset));
  const error = await page.$("#viz-error");  // present only when the page's script failed
  entry.error = error ? await error.textContent() : null;
  entry.lang = await page.getAttribute("html", "lang");
  entry.text = (await page.textContent("main")).replace(/\s+/g, " ").slice(0, 2000);
  return { page, entry };
}

async function main() {
  const [server, dir] = process.argv.slice(2);
  if (!server || !dir) throw new Error("usage: viz_pages.cjs SERVER_URL SCREENSHOT_DIR");
  const report = { requests: [], pages: {} };
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium", headless: true, args: OFFLINE_ARGS,
  });
  try {
    for (const view of ["blame", "timeline", "places"]) {
      const { page, entry } = await openPage(browser, `${server}/viz/${view}`, report);
      report.pages[view] = entry;
      if (view === "blame" && entry.data.ready === "yes") {
        // The widest edges that are alone between their two actors (parallel edges overlap),
        // clicked with the real mouse at points along them until the panel names the edge
        // clicked (edges cross, and a point may belong to another edge).
        const candidates = await page.evaluate(() => {
          const cy = window.__cy;
          const box = document.getElementById("cy").getBoundingClientRect();
          const alone = cy.edges().filter((e) => e.source().edgesWith(e.target()).length === 1)
            .sort((a, b) => b.data("count") - a.data("count")).slice(0, 4);
          return alone.map((edge) => {
            const s = edge.sourceEndpoint(), t = edge.targetEndpoint(), pan = cy.pan(), zoom = cy.zoom();
            return [0.5, 0.35, 0.65, 0.25, 0.75].map((f) => ({
              id: edge.id(), count: edge.data("count"), source: edge.source().data("label"),
              target: edge.target().data("label"),
              x: box.left + pan.x + zoom * (s.x + f * (t.x - s.x)), y: box.top + pan.y + zoom * (s.y + f * (t.y - s.y)) }));
          }).flat();
        });
        let target = null;
        for (const candidate of candidates) {
          await page.mouse.click(candidate.x, candidate.y);
          const heading = await page.$eval("#panel h2", (h) => h.textContent).catch(() => "");
          if (heading === `${candidate.source} → ${candidate.target}`) { target = candidate; break; }
        }
        if (!target) throw new Error("no click on an edge opened its panel");
        entry.clicked = target;
        entry.panel = {
          heading: await page.textContent("#panel h2"),
          statements: await page.$$eval("#panel li.statement", (els) => els.length),
          evidence: await page.$$eval("#panel .evidence", (els) => els.map((e) => ({
            text: e.textContent, dir: e.getAttribute("dir"), lang: e.getAttribute("lang"),
            marked: Array.from(e.querySelectorAll("mark"), (m) => m.textContent) }))),
          links: await page.$$eval("#panel a", (els) => els.map((a) => a.getAttribute("href"))),
        };
        // The date slider: move the upper bound to the first date, count again.
        await page.$eval("#date-to", (input) => { input.value = "0"; input.dispatchEvent(new Event("input")); });
        await page.$eval("#undated", (input) => { input.checked = false; input.dispatchEvent(new Event("input")); });
        entry.afterSlider = {
          shown: Number(await page.getAttribute("body", "data-shown-statements")),
          visibleEdges: await page.evaluate(() => window.__cy.edges().not(".hidden").length),
          text: await page.textContent("#shown"),
        };
        await page.$eval("#date-to", (input) => { input.value = input.max; input.dispatchEvent(new Event("input")); });
        await page.$eval("#undated", (input) => { input.checked = true; input.dispatchEvent(new Event("input")); });
      }
      if (view === "timeline" && entry.data.ready === "yes") {
        await page.click("svg.timeline circle.statement");
        await page.waitForSelector("#panel .evidence", { timeout: 10000 });
        entry.panelEvidence = await page.textContent("#panel .evidence");
      }
      if (view === "places" && entry.data.ready === "yes") {
        entry.labelsAr = await page.$$eval("svg.places .label-ar", (els) => els.map((e) => e.textContent).filter(Boolean).length);
        entry.labelsEn = await page.$$eval("svg.places .label-en", (els) => els.map((e) => e.textContent).filter(Boolean).length);
      }
      entry.cspViolations = await page.evaluate(() => window.__cspViolations);
      entry.screenshot = path.join(dir, `viz-${view}.png`);
      await page.screenshot({ path: entry.screenshot, fullPage: view !== "blame" });
      if (view === "blame") {  // the drawing and its panel alone, for the README
        entry.drawing = path.join(dir, "viz-blame-network.png");
        await page.locator("#blame-layout").screenshot({ path: entry.drawing });
      }
      await page.close();
    }
    return report;
  } finally {
    await browser.close();
  }
}

main().then(
  (report) => { process.stdout.write(JSON.stringify(report) + "\n"); },
  (error) => { process.stdout.write(JSON.stringify({ error: String(error && error.stack || error) }) + "\n"); process.exitCode = 1; },
);
