// Messages per second through the reference Interaction Server with recording (TraceRecorder: entries
// in memory + ndjson file) and catalog validation on, against raw `ws` parse-and-echo throughput
// measured in the same run, same process, same client, same N. Target: at least half of raw.
//
// Then the same traffic when both ends are external (the adapters issue): the client reaches an
// Interaction Server that records nothing through the harness's recording relay, which checks and
// records every frame once and passes it on. Reported as a ratio to the all-reference figure.
//
// The client is a bare ws client in both cases, keeping WINDOW requests in flight: the difference
// between the two numbers is the server side — decode, validation, pairing, recording, the handler.
// Messages are counted both ways (each request and its answer).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { WebSocket, WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';
import { InteractionServer } from '../src/servers/interaction-server/interaction-server.ts';
import { readTrace } from '../src/trace/reader.ts';
import { TraceRecorder } from '../src/trace/recorder.ts';
import { traceObserver } from '../src/adapters/trace-observer.ts';
import { startRelay } from '../src/adapters/relay.ts';

const N = 100_000;
const WINDOW = 500;
const ROUNDS = 5;
const TARGET_RATIO = 0.5;

/** Sends N frames from make(i), WINDOW in flight, and resolves with msgs/s (requests + answers) when all N answers are in. */
function pump(ws: WebSocket, make: (i: number) => string): Promise<number> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = 0;
    const t0 = performance.now();
    const onMessage = () => {
      answered++;
      if (sent < N) ws.send(make(sent++));
      if (answered === N) {
        ws.off('message', onMessage);
        resolve((2 * N) / ((performance.now() - t0) / 1000));
      }
    };
    ws.on('message', onMessage);
    ws.once('error', reject);
    while (sent < Math.min(WINDOW, N)) ws.send(make(sent++));
  });
}

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** One request/answer on a bare socket (setup before the measured pump). */
function call(ws: WebSocket, frame: string): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    ws.once('message', (d) => resolve(JSON.parse(d.toString()) as Record<string, unknown>));
    ws.send(frame);
  });
}

/** The measured traffic: a readiness change the server validates, applies and acknowledges. */
const readinessFrame = (i: number) => `{"protocol":"InteractionManagement","message":"RequestCancelNotReadyForMedia","referenceId":${i + 10},"attributes":{"MediaTypeName":"email"}}`;

/** Registration and login, on a bare socket, before the measured pump. */
async function registerAndLogin(ws: WebSocket): Promise<void> {
  await call(ws, '{"protocol":"InteractionManagement","message":"RequestRegisterClient","referenceId":1,"attributes":{"ClientName":"Agent1","ClientType":"AgentApplication"}}');
  await call(ws, '{"protocol":"InteractionManagement","message":"RequestAgentLogin","referenceId":2,"attributes":{"TenantId":101,"PlaceId":"p1","AgentId":"a1","MediaList":{"email":1}}}');
}

async function rawEcho(): Promise<{ rate: () => Promise<number>; close: () => Promise<void> }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  wss.on('connection', (s) => s.on('message', (d) => s.send(JSON.stringify(JSON.parse(d.toString())))));
  const ws = await open(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}/`);
  return {
    rate: () => pump(ws, readinessFrame),
    close: async () => {
      ws.close();
      await new Promise<void>((r) => wss.close(() => r()));
    },
  };
}


async function interactionServer(dir: string, round: number): Promise<{ rate: () => Promise<number>; close: () => Promise<{ entries: number; bytes: number; violations: number }> }> {
  const file = join(dir, `trace-${round}.ndjson`);
  const rec = new TraceRecorder({ file, participants: [{ name: 'IS1', role: 'InteractionServer' }] });
  const is = new InteractionServer({ observer: traceObserver(rec), registrationTimeoutMs: 0 });
  const { url } = await is.start();
  const ws = await open(`${url}?participant=Agent1&role=AgentApplication`);
  await registerAndLogin(ws);
  return {
    rate: () => pump(ws, readinessFrame),
    close: async () => {
      ws.close();
      await is.stop();
      rec.close();
      const { entries, violations } = await fromFile(file);
      return { entries, bytes: statSync(file).size, violations };
    },
  };
}

/** The Interaction Server unrecorded (a SUT), the client through a recording relay (both ends external). */
async function throughRelay(dir: string, round: number): Promise<{ rate: () => Promise<number>; close: () => Promise<{ entries: number; violations: number }> }> {
  const file = join(dir, `relay-${round}.ndjson`);
  const rec = new TraceRecorder({ file, participants: [{ name: 'IS1', role: 'InteractionServer' }] });
  const is = new InteractionServer({ registrationTimeoutMs: 0 });
  const address = await is.start();
  const relay = await startRelay({ server: { name: 'IS1', role: 'InteractionServer', endpoints: { im: address.url } }, observer: traceObserver(rec) });
  const ws = await open(`${relay.endpoints.im}?participant=Agent1&role=AgentApplication`);
  await registerAndLogin(ws);
  return {
    rate: () => pump(ws, readinessFrame),
    close: async () => {
      ws.close();
      await relay.stop();
      await is.stop();
      rec.close();
      return fromFile(file);
    },
  };
}

/** Entries and messages with violations, counted in the file: the recorder keeps only the first entries in memory. */
async function fromFile(file: string): Promise<{ entries: number; violations: number }> {
  const { trace } = await readTrace(file);
  const entries = trace?.entries ?? [];
  return { entries: entries.length, violations: entries.filter((e) => e.type === 'message' && e.violations.length > 0).length };
}

const dir = mkdtempSync(join(tmpdir(), 'flowcert-bench-'));
try {
  const raws: number[] = [];
  const ixns: number[] = [];
  const relayed: number[] = [];
  let last = { entries: 0, bytes: 0, violations: 0 };
  let lastRelay = { entries: 0, violations: 0 };
  // Round 0 warms the JIT for both paths and is not counted.
  for (let round = 0; round <= ROUNDS; round++) {
    const echo = await rawEcho();
    const r = await echo.rate();
    await echo.close();
    const server = await interactionServer(dir, round);
    const s = await server.rate();
    last = await server.close();
    const viaRelay = await throughRelay(dir, round);
    const v = await viaRelay.rate();
    lastRelay = await viaRelay.close();
    if (round === 0) continue;
    console.log(`round ${round}: raw ws echo ${Math.round(r / 1000)}k msgs/s, Interaction Server ${Math.round(s / 1000)}k msgs/s, through the recording relay ${Math.round(v / 1000)}k msgs/s`);
    raws.push(r);
    ixns.push(s);
    relayed.push(v);
  }
  // Medians, not bests: one lucky round should not carry the verdict.
  const raw = median(raws);
  const ixn = median(ixns);
  const ratio = ixn / raw;
  console.log(`raw ws parse-and-echo:         ${Math.round(raw).toLocaleString('en')} msgs/s (median of ${ROUNDS}, N=${N} requests, ${WINDOW} in flight, both directions counted)`);
  console.log(`reference Interaction Server:  ${Math.round(ixn).toLocaleString('en')} msgs/s (recording ${last.entries} entries, ${(last.bytes / 1e6).toFixed(1)} MB ndjson; catalog validation on; ${last.violations} messages with violations)`);
  console.log(`ratio ${ratio.toFixed(2)} — ${ratio >= TARGET_RATIO ? 'PASS' : 'FAIL'} (target ≥ ${TARGET_RATIO})`);
  const relay = median(relayed);
  console.log(`both ends external, through the recording relay: ${Math.round(relay).toLocaleString('en')} msgs/s (recording ${lastRelay.entries} entries), ratio to all-reference ${(relay / ixn).toFixed(2)} (reported; the relay adds a hop)`);
  if (last.violations > 0 || lastRelay.violations > 0) {
    console.error('the benchmark traffic should be conformant: some recorded messages carry violations');
    process.exitCode = 1;
  }
  if (ratio < TARGET_RATIO) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
