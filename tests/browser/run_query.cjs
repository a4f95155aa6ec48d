#!/usr/bin/env node
// Drives the query page in headless Debian chromium (playwright-core, no downloaded browser):
// load the page, run the default tab's query with YASGUI's run button, wait for result rows,
// save a screenshot, and report, as one JSON object on stdout, what the page showed and every
// request it made. Used by tests/test_ui_browser.py.
//
// usage: node tests/browser/run_query.cjs PAGE_URL SCREENSHOT_PNG
// env:   CHROMIUM (default /usr/bin/chromium)
"use strict";

const { chromium } = require("playwright-core");

// Offline flags (every host but 127.0.0.1 unresolvable): see offline.cjs.
const { OFFLINE_ARGS, recordCspViolations } = require("./offline.cjs");

async function main() {
  const [url, screenshot] = process.argv.slice(2);
  if (!url || !screenshot) throw new Error("usage: run_query.cjs PAGE_URL SCREENSHOT_PNG");
  const report = { url, screenshot, requests: [], consoleErrors: [], pageErrors: [], cspViolations: [] };
  report.responses = [];
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: OFFLINE_ARGS,
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on("request", (request) => report.requests.push(request.url()));
    page.on("response", (response) => report.responses.push(`${response.status()} ${response.url()}`));
    page.on("console", (message) => {
      if (message.type() === "error") report.consoleErrors.push(message.text());
    });
    page.on("pageerror", (error) => report.pageErrors.push(String(error)));
    await recordCspViolations(page);

    const response = await page.goto(url, { waitUntil: "load" });
    report.status = response.status();
    report.csp = response.headers()["content-security-policy"] || null;
    await page.waitForSelector("body[data-ui]", { timeout: 20000 });
    report.ui = await page.getAttribute("body", "data-ui");
    if (report.ui !== "yasgui") {
      report.notice = await page.textContent(".notice").catch(() => null);
      return report;
    }
    report.activeTab = (await page.textContent(".yasgui .tabsList .tab.active a > span")).trim();
    report.tabs = await page.$$eval(".yasgui .tabsList .tab a > span", (els) => els.map((el) => el.textContent.trim()));
    report.autocompleters = await page.evaluate(() => window.Yasgui.Yasqe.defaults.autocompleters);

    const panel = ".yasgui .tabPanel.active";
    await page.click(`${panel} .yasqe_queryButton`);
    const rows = `${panel} .yasr table.dataTable tbody tr`;
    try {
      await page.waitForSelector(rows, { timeout: 30000 });
    } catch (error) {
      // Say what the results area shows instead (an endpoint error, a parse error…).
      report.error = `no result rows: ${error.message.split("\n")[0]}; results area: ` +
        (await page.textContent(`${panel} .yasr`).catch(() => "?")).trim().slice(0, 500);
      await page.screenshot({ path: screenshot }).catch(() => {});
      return report;
    }
    report.headers = await page.$$eval(`${panel} .yasr table.dataTable thead th`,
      (els) => els.map((el) => el.textContent.trim()));
    report.rows = await page.$$eval(rows, (trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll("td"), (td) => td.textContent.trim())));
    report.responseSummary = (await page.textContent(`${panel} .yasr_response_chip`).catch(() => "")).trim();
    await page.screenshot({ path: screenshot });
    // The list of named questions below the editor: its buttons switch tabs.
    report.plainFormHidden = await page.evaluate(() => document.getElementById("plain-form").hidden);
    await page.click('#named li[data-query="casualty-claims"] .open-in-editor');
    report.tabAfterOpen = (await page.textContent(".yasgui .tabsList .tab.active a > span")).trim();
    report.cspViolations = await page.evaluate(() => window.__cspViolations);
    report.localStorageKeys = await page.evaluate(() => Object.keys(window.localStorage));
    return report;
  } finally {
    await browser.close();
  }
}

main().then(
  (report) => { process.stdout.write(JSON.stringify(report) + "\n"); },
  (error) => { process.stdout.write(JSON.stringify({ error: String(error && error.stack || error) }) + "\n"); process.exitCode = 1; },
);
