import type { LoadProgress } from './deliver-load.ts';
import { STEPS } from './deliver-steps.ts';
import type { LoadResult } from './load-run.ts';

const STEP_LABEL: Record<string, string> = {
  submit: 'submit (media server: RequestSubmit → answered)',
  invite: 'invite (RequestRouteCall → EventInvite)',
  accept: 'accept (EventInvite → RequestAccept)',
  'route-used': 'route used (RequestAccept → EventRouteUsed)',
  delivery: 'delivery (RequestRouteCall → EventRouteUsed)',
};

/** The once-a-second line on stderr while a load run goes. */
export function progressLine(p: LoadProgress, target: number): string {
  return `load ${(p.elapsedMs / 1000).toFixed(0).padStart(3)} s: ${p.lastSecond}/s (target ${target}/s), ${p.completed} done, ${p.inFlight} in flight, harness busy ${Math.round(p.elu * 100)} %`;
}

/** The final table: counts, achieved rate, latency percentiles per step (ms), the sample's verdicts. */
export function loadTable(r: LoadResult): string {
  const f = (n: number) => n.toFixed(2).padStart(8);
  const lines = [
    `flowcert load: ${r.model} variant ${r.variant} — ${r.verdict.toUpperCase()}${r.interrupted ? ` (${interruptedText(r)})` : ''}`,
    `  Interaction Server: ${r.server}`,
    `  target ${r.target.rate}/s${r.target.rampMs ? ` (climbing from 0 over the first ${r.target.rampMs / 1000} s)` : ''} for ${r.target.durationMs / 1000} s with ${r.target.agents} agents${r.target.limit !== null ? `, at most ${r.target.limit} in flight` : ''}${r.target.count !== null ? `, at most ${r.target.count} in all` : ''}`,
    `  achieved ${r.achievedRate.toFixed(1)}/s: ${r.started} started, ${r.completed} completed, ${r.incomplete} incomplete, ${r.refused.length} refused${r.cut > 0 ? `, ${r.cut} cut short by the interrupt` : ''}; harness busy ${Math.round(r.eventLoopUtilization * 100)} %${r.cpuPerInstanceMs !== undefined ? `, ${r.cpuPerInstanceMs.toFixed(2)} ms CPU per instance` : ''}${r.serverCpuPerInstanceMs !== undefined ? ` (the server processes: ${r.serverCpuPerInstanceMs.toFixed(2)} ms)` : ''}`,
    ...(r.saturation ? [`  ${r.saturation}`] : []),
    r.interrupted
      ? `  where it saturates: not judged, the run was interrupted`
      : r.knee
      ? `  kept up until second ${r.knee.second}: there, at ${r.knee.target}/s asked, ${r.knee.why} (and the next second too) — where it saturates`
      : `  kept up: no two whole seconds in a row completed under 95 % of their target or had p99 invite over 20 ms`,
    '',
    `  ${'step'.padEnd(48)} ${'count'.padStart(7)} ${'p50'.padStart(8)} ${'p90'.padStart(8)} ${'p99'.padStart(8)} ${'p99.9'.padStart(8)} ${'max'.padStart(8)}  (ms)`,
    ...STEPS.map((s) => {
      const l = r.latency[s];
      return `  ${STEP_LABEL[s].padEnd(48)} ${String(l.count).padStart(7)} ${f(l.p50)} ${f(l.p90)} ${f(l.p99)} ${f(l.p999)} ${f(l.max)}`;
    }),
    '',
    `  model check on a sample: ${r.sample.checked} instances checked — ${r.sample.passed} pass, ${r.sample.failed} fail, ${r.sample.inconc} inconc, ${r.sample.error} error`,
    ...r.failures.slice(0, 10).map((x) => `    ${x.verdict} ${x.reason}${x.file ? `  (${x.file})` : ''}`),
    ...(r.failures.length > 10 ? [`    … and ${r.failures.length - 10} more in ${r.outDir}`] : []),
    ...r.refused.slice(0, 5).map((x) => `    refused: ${x}`),
    `  summary: ${r.outDir}/summary.json`,
  ];
  return lines.join('\n') + '\n';
}

/** What the interrupt cut, for the table's first line. */
function interruptedText(r: LoadResult): string {
  const i = r.interruption;
  const by = i ? `interrupted by ${i.signal}` : 'interrupted';
  if (i?.during === 'start-up') return `${by} while starting: ${i.agentsLoggedIn ?? 0} of ${r.target.agents} agents logged in, no instance started`;
  if (i?.during === 'check') return `${by} once the run was over: its verdict stands`;
  const what = i?.during === 'wait' ? 'while the last instances\' never windows were still open' : 'while it drove instances';
  return `${by} ${what}: the sample is judged on what was recorded until then, and what the interrupt cut short is inconc, never fail`;
}
