// Independent read-back of the export files with graphology (graphology-gexf, graphology-graphml).
// Usage: node tests/export_readback.cjs FILE.gexf|FILE.graphml NODE_ID
// Prints JSON: {"format", "multi", "order", "size", "edge_ids", "node": attributes of NODE_ID}.
'use strict';
const fs = require('fs');
const path = require('path');
const {MultiDirectedGraph} = require('graphology');
const gexf = require('graphology-gexf');
const graphml = require('graphology-graphml');

const [file, nodeId] = process.argv.slice(2);
const text = fs.readFileSync(file, 'utf8');
const format = path.extname(file).slice(1);
const parser = {gexf, graphml}[format];
if (!parser) throw new Error(`unknown extension: ${file}`);
const graph = parser.parse(MultiDirectedGraph, text);
process.stdout.write(JSON.stringify({
  format,
  multi: graph.multi,
  order: graph.order,
  size: graph.size,
  edge_ids: graph.edges(),
  node: graph.hasNode(nodeId) ? graph.getNodeAttributes(nodeId) : null,
}) + '\n');
