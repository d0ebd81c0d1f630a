import type { Covered, ModelCoverage } from './model-coverage.ts';

/** reports/model-coverage.html: the run's model coverage as a page a reader opens beside the Cucumber report. */

const CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:60em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left}
.never{background:#fde8e8}.some{background:#fff6d6}.all{background:#e6f4ea}code{font-size:90%}`;

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function row(x: Covered, title?: string): string {
  const cls = x.checks === 0 ? 'never' : x.passed === x.checks ? 'all' : 'some';
  const label = x.checks === 0 ? 'never exercised' : `${x.checks} check${x.checks === 1 ? '' : 's'}, ${x.passed} passed`;
  return `<tr class="${cls}"><td><code>${esc(x.id)}</code>${title && title !== x.id ? ` ${esc(title)}` : ''}</td><td>${label}</td></tr>`;
}

export function renderModelCoverage(c: ModelCoverage, when: string): string {
  const models = c.models
    .map(
      (m) => `<h2>${esc(m.name)} <small><code>${esc(m.file)}</code>${m.profiles.length ? `, profile ${m.profiles.map((p) => `<code>${esc(p)}</code>`).join(', ')}` : ''}</small></h2>
<table><tr><th>variant</th><th>exercised</th></tr>
${m.variants.map((v) => row(v)).join('\n')}</table>
<table><tr><th>phase</th><th>exercised</th></tr>
${m.phases.map((p) => row(p, p.title)).join('\n')}</table>`,
    )
    .join('\n');
  const byProtocol = new Map<string, string[]>();
  for (const n of c.messages.neverSeen) byProtocol.set(n.protocol, [...(byProtocol.get(n.protocol) ?? []), n.message]);
  const never = [...byProtocol].map(([p, ms]) => `<tr class="never"><td>${esc(p)}</td><td>${ms.map((m) => `<code>${esc(m)}</code>`).join(', ')}</td></tr>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>flowcert model coverage</title><style>${CSS}</style></head>
<body>
<h1>Model coverage</h1>
<p>The run of ${esc(when)}: which models of <code>scenarios/</code> were checked, which of their variants and phases the flow checks exercised, and which catalog messages no trace of the run carried. A variant or phase counts when a check reached it, whatever its verdict; "passed" counts the checks in which it passed.</p>
${models || '<p>No model in scenarios/.</p>'}
<h2>Catalog messages</h2>
<p>${c.messages.seen} of ${c.messages.total} seen in the run's traces.</p>
${never ? `<table><tr><th>protocol</th><th>never seen</th></tr>\n${never}</table>` : '<p>Every catalog message was seen.</p>'}
</body></html>
`;
}
