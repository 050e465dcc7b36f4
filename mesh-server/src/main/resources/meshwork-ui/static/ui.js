// Meshwork web UI glue: draws the lineage and domain graphs (Cytoscape.js) and the quality charts (Chart.js) from the
// JSON the server put in data attributes. No data is fetched here; everything shown was access-checked on the server.
(function () {
  "use strict";

  function graph(element) {
    if (!element || element.dataset.drawn || typeof cytoscape === "undefined") { return null; }
    var data = JSON.parse(element.dataset.graph);
    var elements = [];
    data.nodes.forEach(function (n) {
      elements.push({ data: { id: n.id, label: n.label, kind: n.kind, href: n.href || "" }, classes: n.kind + (n.focus ? " focus" : "") });
    });
    data.edges.forEach(function (e, i) {
      elements.push({ data: { id: "e" + i, source: e.source, target: e.target, label: e.label || "", columns: e.columns || [] } });
    });
    var cy = cytoscape({
      container: element,
      elements: elements,
      layout: { name: "preset", positions: layered(data), padding: 24 },
      wheelSensitivity: 0.3,
      style: [
        { selector: "node", style: { "label": "data(label)", "font-size": 11, "text-wrap": "wrap", "text-max-width": 140,
            "text-valign": "bottom", "text-margin-y": 4, "background-color": "#0b5cad", "width": 22, "height": 22, "color": "#1d232b" } },
        { selector: "node.system", style: { "shape": "round-rectangle", "background-color": "#6b7785" } },
        { selector: "node.domain", style: { "shape": "round-rectangle", "background-color": "#0b5cad", "width": 30, "height": 30 } },
        { selector: "node.focus", style: { "background-color": "#f5a300", "border-width": 3, "border-color": "#14212f" } },
        { selector: "edge", style: { "curve-style": "bezier", "target-arrow-shape": "triangle", "width": 2,
            "line-color": "#9aa6b2", "target-arrow-color": "#9aa6b2", "label": "data(label)", "font-size": 9, "color": "#56606b",
            "text-background-color": "#fbfcfd", "text-background-opacity": 1, "text-background-padding": 2 } },
        { selector: "edge.highlight", style: { "line-color": "#a01c1c", "target-arrow-color": "#a01c1c", "width": 4 } },
        { selector: ".faded", style: { "opacity": 0.25 } }
      ]
    });
    cy.on("tap", "node", function (event) {
      var href = event.target.data("href");
      if (href) { window.location.href = href; }
    });
    element.dataset.drawn = "true";
    return cy;
  }

  // Left to right in the direction data flows: each node's column is its longest path from a source, so an edge
  // never runs backwards or along a column.
  function layered(data) {
    var rank = {};
    data.nodes.forEach(function (n) { rank[n.id] = 0; });
    for (var pass = 0; pass < data.nodes.length; pass++) {
      var changed = false;
      data.edges.forEach(function (e) {
        if (rank[e.target] < rank[e.source] + 1) { rank[e.target] = rank[e.source] + 1; changed = true; }
      });
      if (!changed) { break; }
    }
    var rows = {};
    var positions = {};
    data.nodes.forEach(function (n) {
      var r = rank[n.id];
      rows[r] = (rows[r] || 0) + 1;
      positions[n.id] = { x: r * 230, y: (rows[r] - 1) * 90 };
    });
    Object.keys(positions).forEach(function (id) {
      var r = rank[id];
      positions[id].y -= (rows[r] - 1) * 45; // centre each column vertically
    });
    return positions;
  }

  function columnLineage(cy) {
    var select = document.getElementById("lineage-column");
    var detail = document.getElementById("lineage-column-detail");
    if (!select || !cy) { return; }
    select.addEventListener("change", function () {
      var column = select.value;
      cy.elements().removeClass("highlight faded");
      if (!column) { detail.textContent = ""; return; }
      var lines = [];
      cy.edges().forEach(function (edge) {
        var hits = edge.data("columns").filter(function (m) { return m.output === column; });
        if (hits.length) {
          edge.addClass("highlight");
          hits.forEach(function (m) {
            var from = edge.source().data("label") || edge.data("source");
            var inputs = m.inputs.split(", ").map(function (c) { return from + "." + c; }).join(", ");
            lines.push(column + " \u2190 " + inputs + (m.expression ? " (" + m.expression + ")" : ""));
          });
        }
      });
      cy.elements().not(cy.edges(".highlight")).not(cy.edges(".highlight").connectedNodes()).addClass("faded");
      detail.textContent = lines.length ? lines.join("; ") : "No recorded lineage for " + column + ".";
    });
  }

  function charts() {
    if (typeof Chart === "undefined") { return; }
    document.querySelectorAll("canvas.quality-chart").forEach(function (canvas) {
      if (Chart.getChart(canvas)) { return; }
      var data = JSON.parse(canvas.dataset.chart);
      new Chart(canvas, {
        type: "line",
        data: { labels: data.labels, datasets: [{ label: data.label, data: data.values, borderColor: "#0b5cad", tension: 0.2,
          pointRadius: 4,
          pointBackgroundColor: data.passed.map(function (p) { return p ? "#176b2c" : "#a01c1c"; }) }] },
        options: { responsive: true, maintainAspectRatio: false, animation: false,
          plugins: { legend: { display: false } },
          scales: { x: { ticks: { maxTicksLimit: 4 } },
                    y: { min: data.values.every(function (v) { return v >= 0; }) ? 0 : undefined, suggestedMax: 1 } } }
      });
    });
  }

  function init() {
    window.meshLineage = graph(document.getElementById("lineage-graph"));
    columnLineage(window.meshLineage);
    window.meshDomainGraph = graph(document.getElementById("domain-graph"));
    charts();
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
