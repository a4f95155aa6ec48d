// Chromium flags that keep a page test on 127.0.0.1, as ../shared/conformance/run_chromium.sh:
// every host name except 127.0.0.1 and localhost is unresolvable, and chromium's own background
// services stay off. Shared by the browser scripts of this folder.
"use strict";

const OFFLINE_ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--no-first-run", "--disable-sync", "--disable-default-apps", "--hide-scrollbars", "--disable-quic",
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
  "--disable-features=AutofillServerCommunication,OptimizationHints,MediaRouter,Translate",
  "--disable-client-side-phishing-detection", "--disable-domain-reliability", "--no-pings",
];

module.exports = { OFFLINE_ARGS };

// Collect CSP violations in window.__cspViolations (read back with page.evaluate) from the first
// script on, for every page the browser opens.
async function recordCspViolations(page) {
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (event) => {
      window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "(inline)"}`);
    });
  });
}

module.exports.recordCspViolations = recordCspViolations;
