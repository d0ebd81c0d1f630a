// Reporting Engine Connects at scale (issue 10 item 6): N agents logged in across 4 reference
// Interaction Servers before the reference Stat Server connects; measured from the Stat Server's
// start() to the moment the last agent application has its EventCurrentAgentStatus (wall clock, the
// same machine's clock in every process). Targets: 10,000 agents within 1 s; peak memory of the
// server processes (the Stat Server's and the 4 Interaction Servers') under 500 MB; time growing at
// most 12× per 10× agents (1k → 10k → 50k).
//
// Two layouts. The target run (10,000 agents) keeps the Stat Server and the 4 Interaction Servers in
// this process, as a flowcert run keeps its reference participants in one, and its peak RSS is the
// memory figure. The growth series (1k → 10k → 50k) cannot: one process holds ~20,000 sockets here
// (ulimit -n), so each Interaction Server runs in a process of its own there, the Stat Server in this
// one. The agent applications (bare ws clients) run in processes of 10,000 at most, and are not
// counted. Nothing records a trace: what is measured is the servers' own work — snapshot, capacity,
// status, relay — not the recorder's.
import { forkWorker, nextMessage } from './child-kit.ts';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import { InteractionServer } from '../src/servers/interaction-server/interaction-server.ts';
import { ReferenceStatServer } from '../src/servers/stat-server/stat-server.ts';
import { settingsWith } from '../src/servers/stat-server/capacity-settings.ts';

const SERVERS = 4;
const PER_DESKTOP_PROCESS = 10_000;
const SIZES = (process.env.REC_BENCH_SIZES ?? '1000,10000,50000').split(',').map(Number);
const TARGET_MS = 1000;
const TARGET_MB = 500;
const TARGET_GROWTH = 12;

const wallNow = () => performance.timeOrigin + performance.now();

const child = (file: string, args: string[] = []): ChildProcess => forkWorker(join(import.meta.dirname, 'rec', file), { args });
const next = nextMessage;

interface Round {
  agents: number;
  ms: number;
  statMb: number;
  serversMb: number;
  desktopsMb: number;
  statuses: number;
}

/** The Interaction Servers: child processes, or in this process (`inProcess`), as one interface. */
interface Servers {
  urls: string[];
  peaks(): Promise<{ rss: number; agents: number }>;
  stop(): Promise<void>;
}

async function childServers(): Promise<Servers> {
  const iss = Array.from({ length: SERVERS }, (_, i) => child('is-worker.ts', [`IS${i + 1}`]));
  const urls = (await Promise.all(iss.map((p) => next<{ url: string }>(p, 'url')))).map((m) => m.url);
  return {
    urls,
    peaks: async () => {
      const all = await Promise.all(iss.map((p) => {
        const r = next<{ rss: number; agents: number }>(p, 'peak');
        p.send({ type: 'peak' });
        return r;
      }));
      return { rss: all.reduce((s, p) => s + p.rss, 0), agents: all.reduce((s, p) => s + p.agents, 0) };
    },
    stop: async () => {
      for (const p of iss) p.send({ type: 'stop' });
      await Promise.all(iss.map((p) => new Promise((r) => (p.exitCode !== null ? r(null) : p.once('exit', r)))));
    },
  };
}

async function localServers(): Promise<Servers> {
  const iss = Array.from({ length: SERVERS }, (_, i) => new InteractionServer({ name: `IS${i + 1}`, registrationTimeoutMs: 0 }));
  const urls = (await Promise.all(iss.map((is) => is.start()))).map((a) => a.url);
  // Their memory is this process's, sampled with the Stat Server's.
  return { urls, peaks: async () => ({ rss: 0, agents: iss.reduce((s, is) => s + is.state().agents.length, 0) }), stop: async () => void (await Promise.all(iss.map((is) => is.stop()))) };
}

async function round(agents: number, inProcess: boolean): Promise<Round> {
  const servers = inProcess ? await localServers() : await childServers();
  const urls = servers.urls;
  const desktops = Array.from({ length: Math.ceil(agents / PER_DESKTOP_PROCESS) }, () => child('desktop-worker.ts'));
  try {
    // Agents spread round-robin over the servers; each desktop process takes a slice.
    const all: Array<[string, string]> = Array.from({ length: agents }, (_, i) => [urls[i % SERVERS], `A${i}`]);
    const loggedIn = desktops.map((d, k) => {
      const done = next<{ rss: number }>(d, 'logged-in');
      d.send({ type: 'login', agents: all.slice(k * PER_DESKTOP_PROCESS, (k + 1) * PER_DESKTOP_PROCESS) });
      return done;
    });
    const desktopRss = (await Promise.all(loggedIn)).reduce((s, m) => s + m.rss, 0);
    const finished = desktops.map((d) => next<{ lastStatusAt: number }>(d, 'done'));
    for (const d of desktops) d.send({ type: 'arm' });
    let statPeak = process.memoryUsage().rss;
    const sampler = setInterval(() => (statPeak = Math.max(statPeak, process.memoryUsage().rss)), 10);
    // Voice and email, under Default_One_interaction_of_any_type_only: every agent routable on both.
    const stat = new ReferenceStatServer({
      name: 'Stat',
      servers: urls.map((url, i) => ({ url, peer: { name: `IS${i + 1}`, role: 'InteractionServer' as const } })),
      capacity: settingsWith({ assign: { tenant: { '101': 'Default_One_interaction_of_any_type_only' } } }),
      requestTimeoutMs: 60_000,
    });
    const t0 = wallNow();
    await stat.start();
    const last = Math.max(...(await Promise.all(finished)).map((m) => m.lastStatusAt));
    clearInterval(sampler);
    statPeak = Math.max(statPeak, process.memoryUsage().rss);
    const peaks = await servers.peaks();
    const statuses = stat.book.logins;
    await stat.stop();
    if (peaks.agents !== agents) throw new Error(`only ${peaks.agents} of ${agents} agents were logged in`);
    const mb = (b: number) => b / 1024 / 1024;
    return { agents, ms: last - t0, statMb: mb(statPeak), serversMb: mb(peaks.rss), desktopsMb: mb(desktopRss), statuses };
  } finally {
    for (const d of desktops) d.send({ type: 'stop' });
    await Promise.all(desktops.map((p) => new Promise((r) => (p.exitCode !== null ? r(null) : p.once('exit', r)))));
    await servers.stop();
  }
}

const mb = (r: Round) => r.statMb + r.serversMb;
console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on this machine as the bench starts (timings are wall clock)`);
let failed = false;
const target = await round(10_000, true);
console.log(`target run, 10,000 agents, the Stat Server and 4 Interaction Servers in one process: every status at its application ${target.ms.toFixed(0)} ms after the Stat Server started — ${target.ms <= TARGET_MS ? 'PASS' : 'FAIL'} (≤ ${TARGET_MS} ms); peak RSS ${mb(target).toFixed(0)} MB — ${mb(target) < TARGET_MB ? 'PASS' : 'FAIL'} (< ${TARGET_MB} MB); ${target.statuses} agents in the Stat Server's book`);
failed ||= target.ms > TARGET_MS || mb(target) >= TARGET_MB;

const rounds: Round[] = [];
for (const n of SIZES) {
  const r = await round(n, false);
  rounds.push(r);
  console.log(
    `growth, ${n.toLocaleString('en')} agents, each Interaction Server in its own process: every status at its application ${r.ms.toFixed(0)} ms after the Stat Server started; ` +
      `peak RSS Stat Server ${r.statMb.toFixed(0)} MB + Interaction Servers ${r.serversMb.toFixed(0)} MB (desktop simulators ${r.desktopsMb.toFixed(0)} MB, not counted); ${r.statuses} agents in the Stat Server's book`,
  );
}
for (let i = 1; i < rounds.length; i++) {
  const [a, b] = [rounds[i - 1], rounds[i]];
  const growth = b.ms / a.ms;
  // 12× per 10×: for a 5× step (10k → 50k) that is 12^(log10 5) ≈ 5.6×.
  const limit = TARGET_GROWTH ** Math.log10(b.agents / a.agents);
  console.log(`${a.agents.toLocaleString('en')} → ${b.agents.toLocaleString('en')} agents: time ×${growth.toFixed(1)} — ${growth <= limit ? 'PASS' : 'FAIL'} (≤ ×${limit.toFixed(1)}: ${TARGET_GROWTH}× per 10×; linear is ×${(b.agents / a.agents).toFixed(0)})`);
  failed ||= growth > limit;
}
process.exitCode = failed ? 1 : 0;
