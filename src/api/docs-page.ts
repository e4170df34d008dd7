/**
 * `/api/docs`: a small page that renders the OpenAPI document of this hub. Self-contained: its
 * script and style are inline (under a per-response nonce) and it fetches only `/api/openapi.json`.
 */
export function docsPage(nonce: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>presence-sync admin API</title>
<style nonce="${nonce}">
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1b1f24;background:#fafbfc}
header{background:#0b3d60;color:#fff;padding:1rem 2rem}main{padding:1rem 2rem;max-width:70rem}
h2{margin-top:2rem;border-bottom:1px solid #d0d7de}details{background:#fff;border:1px solid #d0d7de;border-radius:6px;margin:.4rem 0}
summary{cursor:pointer;padding:.5rem .8rem;display:flex;gap:.8rem;align-items:baseline}
.m{font:bold 12px monospace;padding:.1rem .4rem;border-radius:4px;color:#fff;min-width:3.5rem;text-align:center}
.GET{background:#1f6feb}.POST{background:#1a7f37}.PUT{background:#9a6700}.PATCH{background:#8250df}.DELETE{background:#cf222e}
code,pre{font:13px monospace}pre{background:#f6f8fa;padding:.6rem;overflow:auto;margin:.3rem 0}.body{padding:0 .8rem .8rem}
.perm{margin-left:auto;font-size:12px;color:#57606a}
</style></head>
<body><header><h1>presence-sync admin API</h1><p id="info">Loading /api/openapi.json…</p></header><main id="ops" aria-live="polite"></main>
<script nonce="${nonce}">
(async () => {
  const ops = document.getElementById('ops');
  const text = (tag, value, cls) => { const el = document.createElement(tag); el.textContent = value; if (cls) el.className = cls; return el; };
  let doc;
  try { doc = await (await fetch('/api/openapi.json')).json(); } catch (e) { document.getElementById('info').textContent = 'Could not load /api/openapi.json: ' + e; return; }
  document.getElementById('info').textContent = doc.info.description + ' Version ' + doc.info.version + '.';
  const groups = new Map();
  for (const [path, methods] of Object.entries(doc.paths)) for (const [method, op] of Object.entries(methods)) {
    const tag = (op.tags || ['other'])[0];
    if (!groups.has(tag)) groups.set(tag, []);
    groups.get(tag).push({ path, method: method.toUpperCase(), op });
  }
  for (const [tag, list] of groups) {
    ops.append(text('h2', tag));
    for (const { path, method, op } of list) {
      const d = document.createElement('details');
      const s = document.createElement('summary');
      s.append(text('span', method, 'm ' + method), text('code', path), text('span', op.summary), text('span', op['x-permission'] || '', 'perm'));
      const b = document.createElement('div'); b.className = 'body';
      for (const line of (op.description || '').split('\\n\\n')) b.append(text('p', line));
      if (op.parameters && op.parameters.length) { b.append(text('h4', 'Parameters')); b.append(text('pre', JSON.stringify(op.parameters, null, 2))); }
      if (op.requestBody) { b.append(text('h4', 'Request body')); b.append(text('pre', JSON.stringify(op.requestBody.content['application/json'].schema, null, 2))); }
      for (const [status, r] of Object.entries(op.responses)) { b.append(text('h4', 'Response ' + status)); if (r.content) b.append(text('pre', JSON.stringify(r.content['application/json'].schema, null, 2))); }
      d.append(s, b); ops.append(d);
    }
  }
  ops.append(text('h2', 'Schemas'), text('pre', JSON.stringify(doc.components.schemas, null, 2)));
})();
</script></body></html>`;
}
