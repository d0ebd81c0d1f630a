// The reference Interaction Server against a raw `ws` server, each in its own OS process, as a real
// deployment has them — a client sharing the server's process would count its own cost on both sides.
//
// The raw server parses each request and answers with the bytes the Interaction Server answers with
// (its EventAck, learnt from it at the start, with the request's referenceId): same frames in, same
// bytes out, same client (this process, a bare ws client), same pipelining. The Interaction Server
// records (TraceRecorder to an ndjson file, entries in memory) and validates against the catalog, as in
// a run. Rounds alternate the servers, a fresh process each, after one warm-up round of each.
//
// 1. Throughput: N requests, WINDOW in flight; messages counted both ways. Each server process reports
//    its CPU time per message (process.cpuUsage around the round), which says where the gap is.
//    Target: ratio ≥ 0.8 (median of ROUNDS rounds each).
// 2. Latency: one request in flight, SAMPLES round trips per round; p50 and p99.9.
//    Targets: p50 ≤ 1.2× raw, p99.9 ≤ 2× raw (medians over the rounds).
// 3. Both ends external (the adapters issue): an unrecorded Interaction Server behind the harness's
//    recording relay, in one process; its throughput as a ratio to the all-reference one (reported).
//
// BENCH_CPU_PROF=DIR writes a V8 CPU profile of each Interaction Server process there (node --cpu-prof).
// Figures taken while other work loads the machine say little: rerun on a quiet one.
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { startRelay } from '../src/adapters/relay.ts';
import { traceObserver } from '../src/adapters/trace-observer.ts';
import { InteractionServer } from '../src/servers/interaction-server/interaction-server.ts';
import { readTrace } from '../src/trace/reader.ts';
import { TraceRecorder } from '../src/trace/recorder.ts';

const N = Number(process.env.BENCH_N ?? 100_000);
const WINDOW = 500;
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 10_000);
const ROUNDS = 5;
const TARGET_RATIO = 0.8;
const TARGET_P50 = 1.2;
const TARGET_P999 = 2;

type Kind = 'ixn' | 'raw' | 'relay';

const register = '{"protocol":"InteractionManagement","message":"RequestRegisterClient","referenceId":1,"attributes":{"ClientName":"Agent1","ClientType":"AgentApplication"}}';
const login = '{"protocol":"InteractionManagement","message":"RequestAgentLogin","referenceId":2,"attributes":{"TenantId":101,"PlaceId":"p1","AgentId":"a1","MediaList":{"email":1}}}';
/** The measured traffic: a readiness change the server validates, applies and acknowledges. */
const readiness = (i: number) => `{"protocol":"InteractionManagement","message":"RequestCancelNotReadyForMedia","referenceId":${i + 10},"attributes":{"MediaTypeName":"email"}}`;

// ---------------------------------------------------------------- server processes

async function serve(kind: Kind, arg: string): Promise<void> {
  let url: string;
  let stop: () => Promise<void>;
  if (kind === 'raw') {
    const reply = JSON.parse(arg) as Record<string, unknown>;
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
    await new Promise<void>((r) => wss.once('listening', () => r()));
    wss.on('connection', (s) => s.on('message', (d) => {
      const req = JSON.parse(d.toString()) as { referenceId?: number };
      s.send(JSON.stringify({ ...reply, referenceId: req.referenceId }));
    }));
    url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/`;
    stop = () => new Promise<void>((r) => wss.close(() => r()));
  } else if (kind === 'ixn') {
    const rec = new TraceRecorder({ file: arg, participants: [{ name: 'IS1', role: 'InteractionServer' }] });
    const is = new InteractionServer({ observer: traceObserver(rec), registrationTimeoutMs: 0 });
    url = (await is.start()).url;
    stop = async () => {
      await is.stop();
      rec.close();
    };
  } else {
    const rec = new TraceRecorder({ file: arg, participants: [{ name: 'IS1', role: 'InteractionServer' }] });
    const is = new InteractionServer({ registrationTimeoutMs: 0 });
    const address = await is.start();
    const relay = await startRelay({ server: { name: 'IS1', role: 'InteractionServer', endpoints: { im: address.url } }, observer: traceObserver(rec) });
    url = relay.endpoints.im;
    stop = async () => {
      await relay.stop();
      await is.stop();
      rec.close();
    };
  }
  process.on('message', (msg: { kind: string }) => {
    if (msg.kind === 'cpu') process.send!({ kind: 'cpu', cpu: process.cpuUsage() });
    if (msg.kind === 'stop') void stop().then(() => process.send!({ kind: 'stopped' }, () => process.disconnect()));
  });
  process.send!({ kind: 'ready', url });
}

// ---------------------------------------------------------------- the client (this process)

function next<T>(child: ChildProcess, kind: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { kind: string }) => {
      if (m.kind !== kind) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(m as T);
    };
    const onExit = (code: number | null) => reject(new Error(`the server process exited (${code}) before '${kind}'`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

interface Server {
  ws: WebSocket;
  cpu: () => Promise<number>;
  stop: () => Promise<void>;
}

async function start(kind: Kind, arg: string, profile: string | undefined): Promise<Server> {
  const execArgv = ['--import', 'tsx', ...(profile && kind !== 'raw' ? ['--cpu-prof', '--cpu-prof-dir', profile] : [])];
  const child = fork(import.meta.filename, ['serve', kind, arg], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const { url } = await next<{ url: string }>(child, 'ready');
  const ws = await open(`${url}?participant=Agent1&role=AgentApplication`);
  await call(ws, register);
  await call(ws, login);
  return {
    ws,
    cpu: async () => {
      child.send({ kind: 'cpu' });
      const { cpu } = await next<{ cpu: NodeJS.CpuUsage }>(child, 'cpu');
      return (cpu.user + cpu.system) / 1000;
    },
    stop: async () => {
      ws.close();
      child.send({ kind: 'stop' });
      await next(child, 'stopped');
      if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
    },
  };
}

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function call(ws: WebSocket, frame: string): Promise<string> {
  return new Promise((resolve) => {
    ws.once('message', (d) => resolve(d.toString()));
    ws.send(frame);
  });
}

/** N frames, WINDOW in flight: msgs/s (requests and answers) once all N answers are in. */
function pump(ws: WebSocket): Promise<number> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = 0;
    const t0 = performance.now();
    const onMessage = () => {
      answered++;
      if (sent < N) ws.send(readiness(sent++));
      if (answered === N) {
        ws.off('message', onMessage);
        resolve((2 * N) / ((performance.now() - t0) / 1000));
      }
    };
    ws.on('message', onMessage);
    ws.once('error', reject);
    while (sent < Math.min(WINDOW, N)) ws.send(readiness(sent++));
  });
}

/** SAMPLES round trips, one in flight: each in µs. */
async function pingPong(ws: WebSocket): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t0 = performance.now();
    await call(ws, readiness(N + i));
    out.push((performance.now() - t0) * 1000);
  }
  return out;
}

function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

const median = (xs: readonly number[]) => quantile(xs, 0.5);

interface Round {
  rate: number;
  cpuPerMsg: number;
  p50: number;
  p999: number;
}

async function round(kind: Kind, arg: string, profile: string | undefined): Promise<Round> {
  const s = await start(kind, arg, profile);
  try {
    const cpu0 = await s.cpu();
    const rate = await pump(s.ws);
    const cpu1 = await s.cpu();
    // The relay's figure is throughput only.
    const lat = kind === 'relay' ? [0] : await pingPong(s.ws);
    return { rate, cpuPerMsg: ((cpu1 - cpu0) * 1000) / (2 * N), p50: quantile(lat, 0.5), p999: quantile(lat, 0.999) };
  } finally {
    await s.stop();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'flowcert-bench-'));
  const profile = process.env.BENCH_CPU_PROF;
  try {
    // The Interaction Server's answer, which the raw server sends back (with each request's referenceId).
    const probe = await start('ixn', join(dir, 'probe.ndjson'), undefined);
    const reply = await call(probe.ws, readiness(0));
    await probe.stop();
    const rows: Record<Kind, Round[]> = { raw: [], ixn: [], relay: [] };
    for (let r = 0; r <= ROUNDS; r++) {
      const got: Partial<Record<Kind, Round>> = {};
      // Alternate which goes first, so that neither always runs on the warmer (or busier) machine.
      const order: Kind[] = r % 2 === 0 ? ['raw', 'ixn', 'relay'] : ['ixn', 'raw', 'relay'];
      for (const kind of order) {
        got[kind] = await round(kind, kind === 'raw' ? reply : join(dir, `${kind}-${r}.ndjson`), profile);
      }
      if (r === 0) continue; // warm-up
      const f = (x: Round) => `${Math.round(x.rate / 1000)}k msgs/s, ${x.cpuPerMsg.toFixed(1)} µs CPU/msg, p50 ${x.p50.toFixed(0)} µs, p99.9 ${x.p999.toFixed(0)} µs`;
      console.log(`round ${r}: raw ${f(got.raw!)} | Interaction Server ${f(got.ixn!)} | via relay ${Math.round(got.relay!.rate / 1000)}k msgs/s`);
      for (const k of order) rows[k].push(got[k]!);
    }
    const m = (k: Kind, f: keyof Round) => median(rows[k].map((x) => x[f]));
    const ratio = m('ixn', 'rate') / m('raw', 'rate');
    const p50 = m('ixn', 'p50') / m('raw', 'p50');
    const p999 = m('ixn', 'p999') / m('raw', 'p999');
    const ixnTrace = join(dir, `ixn-${ROUNDS}.ndjson`);
    const { trace } = await readTrace(ixnTrace);
    const entries = trace?.entries ?? [];
    const violations = entries.filter((e) => e.type === 'message' && e.violations.length > 0).length;
    console.log('');
    console.log(`raw ws parse-and-echo (own process):  ${Math.round(m('raw', 'rate')).toLocaleString('en')} msgs/s, ${m('raw', 'cpuPerMsg').toFixed(1)} µs server CPU per message (median of ${ROUNDS}, N=${N}, ${WINDOW} in flight, both directions counted)`);
    console.log(`Interaction Server (own process):     ${Math.round(m('ixn', 'rate')).toLocaleString('en')} msgs/s, ${m('ixn', 'cpuPerMsg').toFixed(1)} µs server CPU per message (recording ${entries.length} entries, ${(statSync(ixnTrace).size / 1e6).toFixed(1)} MB ndjson; catalog validation on; ${violations} with violations)`);
    // Wire bytes: the mean of a request and its answer; trace bytes: the file over its entries (the header's share included).
    const wirePerMsg = (Buffer.byteLength(readiness(N / 2)) + Buffer.byteLength(reply)) / 2;
    const tracePerMsg = statSync(ixnTrace).size / Math.max(1, entries.length);
    console.log(`trace bytes per message ${tracePerMsg.toFixed(0)} for ${wirePerMsg.toFixed(0)} wire bytes: ${(tracePerMsg / wirePerMsg).toFixed(2)}× (issue 13 target ≤ 1.5×: ${tracePerMsg / wirePerMsg <= 1.5 ? 'PASS' : 'FAIL'}; flowcert-trace/2, docs/trace-format.md)`);
    console.log(`throughput ratio ${ratio.toFixed(2)} (target ≥ ${TARGET_RATIO}): ${ratio >= TARGET_RATIO ? 'PASS' : 'FAIL'}`);
    console.log(`one in flight (${SAMPLES} round trips a round): raw p50 ${m('raw', 'p50').toFixed(0)} µs, p99.9 ${m('raw', 'p999').toFixed(0)} µs; Interaction Server p50 ${m('ixn', 'p50').toFixed(0)} µs, p99.9 ${m('ixn', 'p999').toFixed(0)} µs`);
    console.log(`p50 ${p50.toFixed(2)}× raw (target ≤ ${TARGET_P50}): ${p50 <= TARGET_P50 ? 'PASS' : 'FAIL'}; p99.9 ${p999.toFixed(2)}× raw (target ≤ ${TARGET_P999}): ${p999 <= TARGET_P999 ? 'PASS' : 'FAIL'}`);
    console.log(`both ends external, through the recording relay: ${Math.round(m('relay', 'rate')).toLocaleString('en')} msgs/s, ratio to all-reference ${(m('relay', 'rate') / m('ixn', 'rate')).toFixed(2)} (reported; the relay adds a hop)`);
    if (profile) console.log(`CPU profiles of the Interaction Server processes: ${profile}`);
    if (violations > 0) console.error('the benchmark traffic should be conformant: some recorded messages carry violations');
    const ok = violations === 0 && ratio >= TARGET_RATIO && p50 <= TARGET_P50 && p999 <= TARGET_P999;
    process.exitCode = ok ? 0 : 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'serve') await serve(process.argv[3] as Kind, process.argv[4]);
else await main();
