// Servers whose cost does not grow with the agents (issue 13 item 3). One reference Interaction Server
// in a process of its own (its CPU measured with process.cpuUsage there, so load-independent in the
// sense that other processes' work is not counted), a reporting engine registered (a bare ws client in
// this process, reading everything), then N agents registered and logged in by a desktop process
// (bench/rec/desktop-worker.ts, bare ws clients).
//
// 1. Register + log in: the server's CPU for N agents' RequestRegisterClient + RequestAgentLogin (each
//    an EventAck, each login an EventAgentLogin to the reporting engine). Target: 10,000 within 1 s.
// 2. Per event with N agents logged in: one more agent (this process) sends PROBES readiness changes,
//    each acknowledged and reported to the reporting engine — the per-event path an interaction's
//    delivery takes (agent lookup, reporting fan-out), not a whole delivery. Target: the cost with
//    10,000 agents at most 1.2× the cost with 1,000.
// RECORD=1 makes the server record its trace to a file, as a run does; BENCH_CPU_PROF=DIR profiles it.
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { WebSocket } from 'ws';

const SIZES = (process.env.SCALE_SIZES ?? '1000,10000').split(',').map(Number);
const PROBES = Number(process.env.SCALE_PROBES ?? 20_000);
const TARGET_LOGIN_MS = 1000;
const TARGET_GROWTH = 1.2;

function child(file: string, profile?: string): ChildProcess {
  const execArgv = ['--import', 'tsx', ...(profile ? ['--cpu-prof', '--cpu-prof-dir', profile] : [])];
  return fork(join(import.meta.dirname, file), [], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

function next<T>(p: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const on = (m: { type: string; message?: string }) => {
      if (m.type === type) {
        p.off('message', on);
        resolve(m as T);
      } else if (m.type === 'error') reject(new Error(m.message));
    };
    p.on('message', on);
    p.once('exit', (code) => reject(new Error(`${type}: the child exited (${code})`)));
  });
}

async function cpuMs(is: ChildProcess): Promise<number> {
  const r = next<{ us: number }>(is, 'cpu');
  is.send({ type: 'cpu' });
  return (await r).us / 1000;
}

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Sends frames one after another, each after the previous one's EventAck (the reporting event goes to the engine). */
async function acked(ws: WebSocket, frames: string[]): Promise<void> {
  let i = 0;
  await new Promise<void>((resolve, reject) => {
    const on = (d: Buffer) => {
      const text = d.toString();
      if (!text.includes('"EventAck"')) return reject(new Error(`expected an EventAck: ${text}`));
      if (++i === frames.length) {
        ws.off('message', on);
        resolve();
      } else ws.send(frames[i]);
    };
    ws.on('message', on);
    ws.send(frames[0]);
  });
}

const im = (message: string, ref: number, attributes: Record<string, unknown>) => JSON.stringify({ protocol: 'InteractionManagement', message, referenceId: ref, attributes });

interface Round {
  agents: number;
  loginMs: number;
  perEventUs: number;
  reported: number;
}

async function round(agents: number): Promise<Round> {
  const is = child('scale/is-cpu-worker.ts', process.env.BENCH_CPU_PROF);
  const desktop = child('rec/desktop-worker.ts');
  try {
    const { url } = await next<{ url: string }>(is, 'url');
    const engine = await open(`${url}?participant=REC&role=ReportingEngine`);
    let reported = 0;
    engine.on('message', () => reported++);
    await acked(engine, [im('RequestRegisterClient', 1, { ClientName: 'REC', ClientType: 'ReportingEngine' })]);

    const before = await cpuMs(is);
    const loggedIn = next(desktop, 'logged-in');
    desktop.send({ type: 'login', agents: Array.from({ length: agents }, (_, i) => [url, `A${i}`]) });
    await loggedIn;
    const loginMs = (await cpuMs(is)) - before;

    const probe = await open(`${url}?participant=Probe&role=AgentApplication`);
    await acked(probe, [im('RequestRegisterClient', 1, { ClientName: 'Probe', ClientType: 'AgentApplication' }), im('RequestAgentLogin', 2, { TenantId: 101, PlaceId: 'P-probe', AgentId: 'probe', MediaList: { email: 1 } })]);
    const frames = Array.from({ length: PROBES }, (_, i) => im(i % 2 === 0 ? 'RequestNotReadyForMedia' : 'RequestCancelNotReadyForMedia', i + 10, { MediaTypeName: 'email' }));
    // Warm-up, then the measured run.
    await acked(probe, frames.slice(0, 2000).map((f, i) => f.replace(/"referenceId":\d+/, `"referenceId":${PROBES + 100 + i}`)));
    const t0 = await cpuMs(is);
    await acked(probe, frames);
    const perEventUs = (((await cpuMs(is)) - t0) * 1000) / PROBES;
    probe.close();
    engine.close();
    return { agents, loginMs, perEventUs, reported };
  } finally {
    desktop.send({ type: 'stop' });
    is.send({ type: 'stop' });
    await Promise.all([desktop, is].map((p) => new Promise((r) => (p.exitCode !== null ? r(null) : p.once('exit', r)))));
  }
}

console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} as the bench starts (server CPU is the server process's own; rerun quiet for timings)${process.env.RECORD === '1' ? '; the server records its trace' : ''}`);
const rounds: Round[] = [];
for (const n of SIZES) {
  const r = await round(n);
  rounds.push(r);
  console.log(`${n.toLocaleString('en')} agents: register + login ${r.loginMs.toFixed(0)} ms server CPU (${((r.loginMs * 1000) / n).toFixed(0)} µs an agent); a readiness change, acknowledged and reported, ${r.perEventUs.toFixed(1)} µs server CPU (${r.reported} frames to the reporting engine)`);
}
let failed = false;
const big = rounds.find((r) => r.agents === 10_000);
if (big) {
  const ok = big.loginMs <= TARGET_LOGIN_MS;
  console.log(`10,000 agents register and log in in ${big.loginMs.toFixed(0)} ms of server CPU — ${ok ? 'PASS' : 'FAIL'} (≤ ${TARGET_LOGIN_MS} ms)`);
  failed ||= !ok;
}
const small = rounds.find((r) => r.agents === 1000);
if (big && small) {
  const growth = big.perEventUs / small.perEventUs;
  const ok = growth <= TARGET_GROWTH;
  console.log(`per event, 10,000 agents vs 1,000: ×${growth.toFixed(2)} — ${ok ? 'PASS' : 'FAIL'} (≤ ×${TARGET_GROWTH})`);
  failed ||= !ok;
}
process.exitCode = failed ? 1 : 0;
