import { PROTOCOL_LABELS } from '../catalog/registry.ts';
import type { ProtocolId } from '../catalog/types.ts';
import { roleLabel } from './certificate.ts';
import type { Certificate } from './certificate.ts';

/**
 * certificate.html: the certificate as a page a person reads — one file, no scripts, no external
 * resources (the sequence diagrams are inline SVG), so it can be mailed, archived and opened offline.
 */
export function renderCertificateHtml(c: Certificate): string {
  const name = String(c.sut.identity.name ?? 'the system under test');
  const version = c.sut.identity.version !== undefined ? ` ${String(c.sut.identity.version)}` : '';
  const pct = (c.score.value * 100).toFixed(c.score.value === 1 || c.score.value === 0 ? 0 : 1);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>flowcert certificate — ${esc(name)}${esc(version)}: ${c.verdict.toUpperCase()}</title>
<style>${CSS}</style></head>
<body>
<header>
  <h1>${esc(name)}${esc(version)} <span class="role">${esc(roleLabel(c.sut.role))}</span></h1>
  <p class="verdict ${c.verdict}">${c.verdict.toUpperCase()}</p>
  <p class="score">Conformance score <b>${pct}%</b>: ${c.score.passed} passed of ${c.score.applicable} applicable scenarios
  (${c.score.failed} failed, ${c.score.inconc} inconclusive, ${c.score.error} in error). Inconclusive scenarios are never counted as passed.</p>
${typeof c.harness.options.profile === 'string' ? `  <p class="profile">Under profile <code>${esc(c.harness.options.profile)}</code>: each model that declares it was read that way, the others under their default.</p>\n` : ''}${typeof c.harness.options.shard === 'string' ? `  <p class="shard">Shard ${esc(c.harness.options.shard)} of the suite only: <code>flowcert merge</code> of every shard's reports makes the certificate of the whole suite.</p>\n` : ''}</header>

<section id="sut"><h2>System under test</h2>
<table class="kv">
${Object.entries(c.sut.identity).map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(String(v))}</td></tr>`).join('\n')}
<tr><th>role</th><td>${esc(roleLabel(c.sut.role))} (${esc(c.sut.role)})</td></tr>
<tr><th>adapter</th><td>${esc(c.sut.adapters.join(', ') || '—')}</td></tr>
<tr><th>declared capabilities</th><td>${esc(c.sut.capabilities.join(', ') || 'none')}</td></tr>
${c.sut.config ? `<tr><th>configuration</th><td><code>${esc(c.sut.config)}</code></td></tr>` : ''}
</table></section>

<section id="models"><h2>Verdict per model, variant and phase</h2>
${c.models.length === 0 ? '<p>No model was checked.</p>' : c.models.map(modelTable).join('\n')}
</section>

<section id="scenarios"><h2>Scenarios</h2>
<table><tr><th>scenario</th><th>where</th><th>verdict</th><th>why</th></tr>
${c.scenarios.map((s) => `<tr class="${s.applicable ? '' : 'na'}"><td>${esc(s.name)}</td><td><code>${esc(s.uri)}:${s.line}</code></td><td>${s.applicable ? badge(s.verdict) : 'not applicable'}</td><td>${esc(reasonLine(s.reason ?? ''))}</td></tr>`).join('\n')}
</table></section>

<section id="coverage"><h2>Coverage of the ${esc(roleLabel(c.sut.role))}'s part of the catalog</h2>
<p>${c.coverage.messagesSeen} of ${c.coverage.messagesTotal} messages and ${c.coverage.attributesSeen} of ${c.coverage.attributesTotal} attributes exercised.</p>
<table><tr><th>message</th><th>protocol</th><th>the SUT</th><th>times</th><th>attributes seen</th><th>never seen</th></tr>
${c.coverage.messages
  .map((m) => {
    const seen = m.attributes.filter((a) => a.seen).map((a) => a.path);
    const never = m.attributes.filter((a) => !a.seen).map((a) => a.path);
    return `<tr class="${m.count === 0 ? 'never' : ''}"><td>${esc(m.message)}</td><td>${esc(PROTOCOL_LABELS[m.protocol as ProtocolId] ?? m.protocol)}</td><td>${m.direction}</td><td>${m.count}</td><td>${esc(seen.join(', '))}</td><td>${esc(never.join(', '))}</td></tr>`;
  })
  .join('\n')}
</table></section>

<section id="failures"><h2>Why each scenario did not pass</h2>
${c.failures.length === 0 ? '<p>Every applicable scenario passed.</p>' : c.failures.map(failureBlock).join('\n')}
</section>

<section id="harness"><h2>Harness</h2>
<table class="kv">
<tr><th>flowcert</th><td>${esc(c.harness.flowcertVersion)}</td></tr>
<tr><th>date</th><td>${esc(c.harness.date)}</td></tr>
<tr><th>Node.js</th><td>${esc(c.harness.node)} on ${esc(c.harness.platform)}</td></tr>
${Object.entries(c.harness.options).map(([k, v]) => `<tr><th>${esc(k)}</th><td><code>${esc(JSON.stringify(v))}</code></td></tr>`).join('\n')}
</table>
<details><summary>${c.harness.files.length} files the verdicts rest on, with their sha-256 (<code>flowcert certify --verify</code> re-checks them)</summary>
<table>${c.harness.files.map((f) => `<tr><td><code>${esc(f.path)}</code></td><td><code>${f.sha256}</code></td></tr>`).join('\n')}</table>
</details></section>
<footer>${esc(CERT_FOOTER)}</footer>
</body></html>
`;
}

const CERT_FOOTER = 'flowcert certificate. The verdicts hold for the suite whose files are hashed above; flowcert certify --verify tells whether they still apply.';

function modelTable(m: Certificate['models'][number]): string {
  return `<h3>${esc(m.model)} ${badge(m.verdict)} <small><code>${esc(m.file)}</code>${m.profile ? `, profile <code>${esc(m.profile)}</code>` : ''}</small></h3>
<table><tr><th>variant</th><th>verdict</th><th>phases</th><th>scenarios</th></tr>
${m.variants
  .map(
    (v) =>
      `<tr><td>${esc(v.variant)}</td><td>${badge(v.verdict)}</td><td>${v.phases.map((p) => `${esc(p.title)} ${badge(p.verdict)}`).join('<br>')}</td><td>${v.scenarios.map((s) => `${esc(s.name)} ${badge(s.verdict)}`).join('<br>')}</td></tr>`,
  )
  .join('\n')}
</table>`;
}

function failureBlock(f: Certificate['failures'][number]): string {
  return `<article class="failure">
<h3>${badge(f.verdict)} ${esc(f.scenario)} <small><code>${esc(f.uri)}:${f.line}</code></small></h3>
${f.origin ? `<p>asked by <code>${esc(f.origin.uri)}:${f.origin.line}</code>: <i>${esc(f.origin.text)}</i></p>` : ''}
${f.step ? `<p>model step <code>${esc(f.step.id)}</code> (${esc(f.step.describe)}) at <code>${esc(f.step.file)}:${f.step.line}:${f.step.col}</code></p>` : ''}
<pre class="explanation">${esc(f.explanation)}</pre>
${f.excerpt.length ? `<details open><summary>trace excerpt</summary><pre class="trace">${esc(f.excerpt.join('\n'))}</pre></details>` : ''}
${f.diagram ? `<details open><summary>expected beside observed${f.diagramFile ? ` (<code>${esc(f.diagramFile)}</code>)` : ''}</summary><div class="diagram">${stripXmlDecl(f.diagram)}</div></details>` : ''}
</article>`;
}

function badge(v: string): string {
  return `<span class="badge ${v}">${v}</span>`;
}

/** The line that says why: an explanation's first line only counts instances, its second names the divergence. */
function reasonLine(s: string): string {
  const lines = s.split('\n').map((l) => l.trim()).filter(Boolean);
  return /^(FAIL|INCONC|ERROR)\b/.test(lines[0] ?? '') && lines[1] ? lines[1] : (lines[0] ?? '');
}

function stripXmlDecl(svg: string): string {
  return svg.replace(/^<\?xml[^>]*>\s*/, '');
}

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1b1f24}
h1{margin:0 0 .3rem}h1 .role{font-size:.55em;color:#57606a;font-weight:normal}
h2{border-bottom:1px solid #d0d7de;padding-bottom:.2rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}table.kv th{width:14rem}tr.na{color:#8c959f}tr.never td{color:#8c959f}
.verdict{display:inline-block;font-size:1.6rem;font-weight:bold;padding:.2rem .9rem;border-radius:.4rem;margin:.3rem 0}
.badge{display:inline-block;padding:0 .4rem;border-radius:.3rem;font-size:.85em;font-weight:600}
.pass{background:#dafbe1;color:#116329}.fail{background:#ffebe9;color:#a40e26}.inconc{background:#fff8c5;color:#7d4e00}.error{background:#e7e7ff;color:#3730a3}
pre{background:#f6f8fa;padding:.6rem;overflow-x:auto;white-space:pre-wrap}
.failure{border:1px solid #d0d7de;border-radius:.4rem;padding:0 1rem 1rem;margin:1rem 0}.diagram svg{max-width:100%;height:auto}
footer{margin-top:3rem;color:#57606a;font-size:.85em}
`;
