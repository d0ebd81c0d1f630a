import type { ScenarioResult } from './run-summary.ts';

/**
 * JUnit XML from the run's scenario results, with flowcert's verdicts where JUnit has a place for
 * them: fail → <failure> (the system under test did not conform), error → <error> (the setup or the
 * harness broke, or a step is undefined), inconc → <skipped message="why"> (it could not be decided).
 * Cucumber's own JUnit formatter knows only failures, so flowcert writes its own.
 *
 * A run interrupted by Ctrl-C or SIGTERM lists every scenario too: the one it cut short as
 * <skipped message="interrupted (SIGINT) during …">, those it never began as <skipped message="not run: …">.
 * Skipped, not <error>: nothing broke and nothing was decided, exactly as for inconc — CI counts an
 * <error> as a broken test, and an operator's Ctrl-C (or a cancelled job) is not one; the exit code (130)
 * already says the run did not finish.
 */
export function renderJUnit(results: readonly ScenarioResult[], opts: { suiteName: string; timestamp?: string }): string {
  const count = (pred: (r: ScenarioResult) => boolean) => results.filter(pred).length;
  const failures = count((r) => r.outcome === 'failed');
  const errors = count((r) => ['error', 'undefined', 'ambiguous', 'pending'].includes(r.outcome));
  const isSkipped = (r: ScenarioResult) => r.outcome === 'inconc' || r.outcome === 'skipped' || r.outcome === 'interrupted' || r.outcome === 'not-run';
  const skipped = count(isSkipped);
  const time = seconds(results.reduce((t, r) => t + r.durationMs, 0));
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuite name="${attr(opts.suiteName)}" tests="${results.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${time}"${opts.timestamp ? ` timestamp="${attr(opts.timestamp)}"` : ''}>`,
  ];
  for (const r of results) {
    const name = r.line !== undefined ? `${r.name} (line ${r.line})` : r.name;
    lines.push(`  <testcase classname="${attr(r.feature)}" name="${attr(name)}" file="${attr(r.uri)}" time="${seconds(r.durationMs)}">`);
    const reason = r.reason ?? r.outcome;
    const first = reason.split('\n')[0];
    if (r.outcome === 'failed') lines.push(`    <failure type="fail" message="${attr(first)}">${cdata(reason)}</failure>`);
    else if (isSkipped(r)) lines.push(`    <skipped message="${attr(r.outcome === 'inconc' ? `inconclusive: ${first}` : first)}"/>`);
    else if (r.outcome !== 'passed') lines.push(`    <error type="${r.outcome}" message="${attr(first)}">${cdata(reason)}</error>`);
    lines.push(`    <system-out>${cdata(r.steps.map((s) => `${s.text} ${'.'.repeat(Math.max(3, 72 - s.text.length))} ${s.status}`).join('\n'))}</system-out>`);
    lines.push('  </testcase>');
  }
  lines.push('</testsuite>');
  return lines.join('\n') + '\n';
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** XML attribute text: escaped, and without the control characters XML 1.0 forbids. */
function attr(s: string): string {
  return clean(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
}

function cdata(s: string): string {
  return `<![CDATA[${clean(s).split(']]>').join(']]]]><![CDATA[>')}]]>`;
}

function clean(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');
}
