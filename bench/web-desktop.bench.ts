// The web desktop's cost (issue 12). (1) The whole Deliver feature through the CLI, the agent
// applications played by the headless reference desktop and by the reference web desktop in Chromium,
// alternately in the same run, both with `--timer delivering=3000` (a browser binding's floor, so both
// wait the same timers): the ratio is what driving a real page costs. (2) What a browser participant
// adds to a scenario's start: Chromium's launch, once per process, and then per scenario a fresh
// context and page, the page loaded, connected and registered — against the headless desktop's start.
// Reported, not gated: the issue names no target.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { browserLaunchCosts } from '../src/adapters/index.ts';
import type { Bindings } from '../src/adapters/index.ts';
import { closeBrowserResources, Session } from '../src/session/session.ts';

const ROOT = join(import.meta.dirname, '..');
const RUNS = 2;
const STARTS = 10;

function feature(sut: string[]): number {
  const reports = mkdtempSync(join(tmpdir(), 'flowcert-bench-web-'));
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['bin/flowcert.mjs', 'run', 'features/deliver-interaction-to-agent.feature', '--timer', 'delivering=3000', '--no-allure', '--reports', reports, ...sut], { cwd: ROOT, encoding: 'utf8' });
  const ms = performance.now() - t0;
  rmSync(reports, { recursive: true, force: true });
  if (r.status !== 0) {
    console.error(r.stdout + r.stderr);
    console.error(`web desktop bench: FAIL — the Deliver feature did not pass${sut.length ? ' through the web desktop' : ''}, so its time means nothing`);
    process.exit(1);
  }
  return ms;
}

const headless: number[] = [];
const web: number[] = [];
for (let i = 0; i < RUNS; i++) {
  headless.push(feature([]));
  web.push(feature(['--sut', 'examples/reference-web-desktop/flowcert.sut.yaml']));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`deliver feature (9 scenarios), delivering timeout 3000 ms, ${RUNS} runs each, alternating`);
console.log(`  headless reference desktop  median ${median(headless).toFixed(0)} ms   (${headless.map((x) => x.toFixed(0)).join(', ')})`);
console.log(`  web desktop in Chromium     median ${median(web).toFixed(0)} ms   (${web.map((x) => x.toFixed(0)).join(', ')})`);
console.log(`  ratio web / headless        ${(median(web) / median(headless)).toFixed(2)}`);

const BROWSER: Bindings = { dir: ROOT, participants: {}, roles: { AgentApplication: { kind: 'browser' } }, env: {} };
async function startDesktop(bindings: Bindings | undefined): Promise<number> {
  const session = Session.create({ name: 'start-up', traceFile: null, ...(bindings ? { bindings } : {}) });
  try {
    await session.start({ name: 'IS1', role: 'InteractionServer' });
    const t0 = performance.now();
    await session.start({ name: "Agent1's desktop", role: 'AgentApplication', reach: ['IS1'] });
    return performance.now() - t0;
  } finally {
    await session.dispose();
  }
}
const first = await startDesktop(BROWSER);
const browserStarts: number[] = [];
const referenceStarts: number[] = [];
for (let i = 0; i < STARTS; i++) {
  browserStarts.push(await startDesktop(BROWSER));
  referenceStarts.push(await startDesktop(undefined));
}
await closeBrowserResources();
console.log(`desktop start-up, ${STARTS} scenarios each (one Chromium per process, a fresh context per scenario)`);
console.log(`  Chromium launch, once per process     ${browserLaunchCosts[0]?.toFixed(0)} ms (the first scenario's start: ${first.toFixed(0)} ms in all)`);
console.log(`  web desktop start per scenario        median ${median(browserStarts).toFixed(0)} ms   min ${Math.min(...browserStarts).toFixed(0)}   max ${Math.max(...browserStarts).toFixed(0)}`);
console.log(`  headless desktop start per scenario   median ${median(referenceStarts).toFixed(0)} ms   min ${Math.min(...referenceStarts).toFixed(0)}   max ${Math.max(...referenceStarts).toFixed(0)}`);
