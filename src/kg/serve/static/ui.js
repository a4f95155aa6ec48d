// The query page (served at "/" by kg.serve.ui): opens YASGUI on this server's /sparql endpoint,
// one tab per named question from queries.json, the default one selected.
// No state is kept in the browser (persistence off) and nothing is fetched from another host:
// the class and property autocompleters, which ask an online vocabulary service, are disabled.
"use strict";

(function () {
  // Autocompleters that work offline: prefixes (a list bundled with YASGUI) and variables.
  var OFFLINE_AUTOCOMPLETERS = ["prefixes", "variables"];

  function say(container, text) {
    var p = document.createElement("p");
    p.className = "notice";
    p.textContent = text;
    container.parentNode.insertBefore(p, container);
  }

  function openTabs(Yasgui, container, catalogue) {
    var endpoint = new URL(container.dataset.endpoint, document.baseURI).href;
    // YASGUI merges its configuration with lodash.merge, which merges arrays index by index: a
    // shorter list would not remove the online completers, so set the defaults themselves.
    Yasgui.Yasqe.defaults.autocompleters = OFFLINE_AUTOCOMPLETERS.slice();
    Yasgui.defaults.yasqe.autocompleters = OFFLINE_AUTOCOMPLETERS.slice();
    // The prefix completer would cache its (bundled) list in localStorage: keep nothing.
    Yasgui.Yasqe.Autocompleters.prefixes.persistenceId = null;
    var yasgui = new Yasgui(container, {
      persistenceId: null,
      populateFromUrl: false,
      autoAddOnInit: false,
      autofocus: false,
      copyEndpointOnNewTab: true,
      requestConfig: { endpoint: endpoint, method: "POST" },
      endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
      yasqe: { autocompleters: OFFLINE_AUTOCOMPLETERS.slice() },
      yasr: { defaultPlugin: "table" },
    });
    var tabs = {};
    catalogue.queries.forEach(function (q) {
      // selectTabId() only switches from an active tab, so the default tab is made active here.
      tabs[q.name] = yasgui.addTab(q.name === catalogue.default, {
        name: q.title,
        yasqe: { value: q.query },
        // "Simple view": labels without quotes, language tags and datatypes.
        yasr: { settings: { selectedPlugin: "table", pluginsConfig: { table: { compact: true } } } },
        requestConfig: { endpoint: endpoint },
      });
    });
    return { yasgui: yasgui, tabs: tabs };
  }

  // Each named question in the list below the editor gets a button that selects its tab.
  function addOpenButtons(ui) {
    document.querySelectorAll("#named li[data-query]").forEach(function (li) {
      var tab = ui.tabs[li.dataset.query];
      if (!tab) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "open-in-editor";
      button.textContent = "open in the editor";
      button.addEventListener("click", function () {
        ui.yasgui.selectTabId(tab.getId());
        document.getElementById("yasgui").scrollIntoView();
      });
      li.insertBefore(button, li.querySelector("a"));
    });
  }

  function start() {
    var container = document.getElementById("yasgui");
    if (!container) return;
    if (container.dataset.yasgui === "missing") {
      document.body.dataset.ui = "fallback"; // the server has said why, above the editor's place
      return;
    }
    if (typeof window.Yasgui !== "function") {
      say(container, "The query editor (YASGUI) did not load; use the plain form below.");
      document.body.dataset.ui = "fallback";
      return;
    }
    fetch(container.dataset.queries, { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("queries.json: HTTP " + response.status);
        return response.json();
      })
      .then(function (catalogue) {
        var ui = openTabs(window.Yasgui, container, catalogue);
        addOpenButtons(ui);
        document.getElementById("plain-form").hidden = true;
        document.body.dataset.ui = "yasgui";
      })
      .catch(function (error) {
        say(container, "The query editor could not start (" + error.message + "); use the plain form below.");
        document.body.dataset.ui = "fallback";
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
