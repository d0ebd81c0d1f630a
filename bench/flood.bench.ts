// Bounded memory under a flood (issue 7 item 6). One client (Agent1, a bare `ws` client) pipelines
// 1,000,000 valid requests (RequestCancelNotReadyForMedia, after registering and logging in) at the
// reference Interaction Server as fast as TCP lets it, once reading the answers and once never reading
// them; a second client (Agent2) does one request/answer every 5 ms throughout. The server records to
// an ndjson file, as in a run.
//
// Three processes, so that what is measured is the harness alone: the harness (server + recorder; its
// peak RSS is the kernel's VmHWM, its heap sampled every 50 ms), the flooder, and this one (the
// well-behaved client, which only times its answers, and the counting of the trace file afterwards).
//
// Reported per mode: the harness's peak RSS and heap; Agent2's answer latency (p50, p99, max) and its
// longest wait between two answers while the flood lasted; what happened to the flooder (sent, answers
// read, how its connection ended); and what reached the trace file, counted line by line, against what
// the server read. Targets: peak RSS under 300 MB, Agent2 answered throughout, every message the server
// read and wrote on disk. FLOOD_N overrides the 1,000,000 (a quick look).
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import { traceObserver } from '../src/adapters/trace-observer.ts';
import { InteractionServer } from '../src/servers/interaction-server/interaction-server.ts';
import { streamTrace } from '../src/trace/reader.ts';
import { TraceRecorder } from '../src/trace/recorder.ts';

const N = Number(process.env.FLOOD_N ?? 1_000_000);
const STEADY_EVERY_MS = 5;
const TARGET_RSS = 300 * 1024 * 1024;
/** The harness is killed beyond this, so a 'before' run cannot take the machine down with it. */
const KILL_RSS = 3 * 1024 * 1024 * 1024;
/** The flooder stops writing while this much is queued in its own socket: it floods as fast as TCP takes it, no faster. */
const FLOODER_QUEUE = 1024 * 1024;
/** Longest a mode may run before it is called stuck. */
const MODE_TIMEOUT_MS = 300_000;

type Mode = 'reading' | 'not-reading';

const register = (name: string) =>
  `{"protocol":"InteractionManagement","message":"RequestRegisterClient","referenceId":1,"attributes":{"ClientName":"${name}","ClientType":"AgentApplication"}}`;
const login = (agent: string, place: string) =>
  `{"protocol":"InteractionManagement","message":"RequestAgentLogin","referenceId":2,"attributes":{"TenantId":101,"PlaceId":"${place}","AgentId":"${agent}","MediaList":{"email":1}}}`;
const cancelNotReady = (ref: number) => `{"protocol":"InteractionManagement","message":"RequestCancelNotReadyForMedia","referenceId":${ref},"attributes":{"MediaTypeName":"email"}}`;

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function call(ws: WebSocket, frame: string): Promise<void> {
  return new Promise((resolve) => {
    ws.once('message', () => resolve());
    ws.send(frame);
  });
}

/** Kernel figures of a live process, in bytes: VmHWM is its peak RSS so far. */
function procStatus(pid: number): { rss: number; hwm: number } {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

// ---------------------------------------------------------------- harness process: server + recorder

interface HarnessReport {
  peakRss: number;
  maxHeap: number;
  /** Messages the server read from Agent1 and wrote to it, as the recorder saw them. */
  fromFlooder: number;
  toFlooder: number;
  entries: number;
  keptInMemory: number;
  writeError: string | null;
}

async function harness(file: string): Promise<void> {
  const rec = new TraceRecorder({ file, participants: [{ name: 'IS1', role: 'InteractionServer' }] });
  let fromFlooder = 0;
  let toFlooder = 0;
  rec.subscribe((e) => {
    if (e.type !== 'message') return;
    if (e.from === 'Agent1') fromFlooder++;
    else if (e.to === 'Agent1') toFlooder++;
  });
  const is = new InteractionServer({ observer: traceObserver(rec), registrationTimeoutMs: 0 });
  const { url } = await is.start();
  let maxHeap = 0;
  const sampler = setInterval(() => (maxHeap = Math.max(maxHeap, process.memoryUsage().heapUsed)), 50);
  const send = (m: unknown) => process.send!(m);
  process.on('message', (msg: { kind: string }) => {
    if (msg.kind === 'count') send({ kind: 'count', fromFlooder });
    if (msg.kind === 'stop') {
      void (async () => {
        clearInterval(sampler);
        maxHeap = Math.max(maxHeap, process.memoryUsage().heapUsed);
        await is.stop();
        const trace = rec.close();
        const report: HarnessReport = {
          peakRss: procStatus(process.pid).hwm,
          maxHeap,
          fromFlooder,
          toFlooder,
          entries: trace.footer?.entries ?? -1,
          keptInMemory: trace.entries.length,
          writeError: rec.writeError?.message ?? null,
        };
        send({ kind: 'stopped', report });
        process.disconnect();
      })();
    }
  });
  send({ kind: 'ready', url });
}

// ---------------------------------------------------------------- flooder process

interface FloodReport {
  sent: number;
  answers: number;
  sendMs: number;
  closed: { code: number; reason: string } | null;
}

async function flooder(url: string, mode: Mode): Promise<void> {
  const ws = await open(`${url}?participant=Agent1&role=AgentApplication`);
  await call(ws, register('Agent1'));
  await call(ws, login('a1', 'p1'));
  let answers = 0;
  let closed: FloodReport['closed'] = null;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((r) => (finish = r));
  ws.on('message', () => {
    answers++;
    if (answers === N) finish();
  });
  ws.on('error', () => undefined);
  ws.on('close', (code, reason) => {
    closed = { code, reason: reason.toString() };
    finish();
  });
  process.on('message', (msg: { kind: string }) => msg.kind === 'finish' && finish());
  // Never reading: the answers pile up in the kernel, then in the server's send buffer.
  if (mode === 'not-reading') ws.pause();

  const t0 = performance.now();
  let sent = 0;
  while (sent < N && ws.readyState === WebSocket.OPEN) {
    ws.send(cancelNotReady(sent + 10));
    sent++;
    if (ws.bufferedAmount > FLOODER_QUEUE && sent < N) {
      // Wait until this socket has handed its queue to the kernel (or the connection is gone).
      await new Promise<void>((r) => {
        ws.send(cancelNotReady(sent + 10), () => r());
        sent++;
      });
    }
  }
  const sendMs = performance.now() - t0;
  process.send!({ kind: 'sent-all', sent });
  await finished;
  const report: FloodReport = { sent, answers, sendMs, closed };
  process.send!({ kind: 'flooded', report });
  ws.terminate();
  process.disconnect();
}

// ---------------------------------------------------------------- this process: Agent2 and the verdict

class SteadyClient {
  readonly latencies: number[] = [];
  readonly answeredAt: number[] = [];
  private readonly sentAt = new Map<number, number>();
  private next = 1000;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const ref = (JSON.parse(data.toString()) as { referenceId?: number }).referenceId;
      const t0 = ref === undefined ? undefined : this.sentAt.get(ref);
      if (t0 === undefined) return;
      this.sentAt.delete(ref!);
      const now = performance.now();
      this.latencies.push(now - t0);
      this.answeredAt.push(now);
    });
  }

  start(): void {
    this.timer = setInterval(() => {
      const ref = this.next++;
      this.sentAt.set(ref, performance.now());
      this.ws.send(cancelNotReady(ref));
    }, STEADY_EVERY_MS);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  get unanswered(): number {
    return this.sentAt.size;
  }

  get sent(): number {
    return this.next - 1000;
  }

  /** Longest stretch without an answer between from and to (ms), edges included. */
  longestGap(from: number, to: number): number {
    let last = from;
    let gap = 0;
    for (const t of this.answeredAt) {
      if (t < from || t > to) continue;
      gap = Math.max(gap, t - last);
      last = t;
    }
    return Math.max(gap, to - last);
  }
}

function forkRole(args: string[]): ChildProcess {
  return fork(import.meta.filename, args, { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

function nextMessage<T>(child: ChildProcess, kind: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { kind: string }) => {
      if (m.kind !== kind) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(m as T);
    };
    const onExit = (code: number | null, signal: string | null) => reject(new Error(`the ${child.spawnargs[3]} process ended (${signal ?? code}) before it said ${kind}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

interface FileCounts {
  lines: number;
  entries: number;
  fromFlooder: number;
  toFlooder: number;
  steadyRequests: number;
  steadyAnswers: number;
  backlogViolations: number;
  /** Requests from Agent1 recorded after the backlog violation (read while its connection closed): never answered. */
  readAfterViolation: number;
  flooderClose: string | null;
  footerEntries: number | null;
}

async function countFile(file: string): Promise<FileCounts> {
  const c: FileCounts = { lines: 0, entries: 0, fromFlooder: 0, toFlooder: 0, steadyRequests: 0, steadyAnswers: 0, backlogViolations: 0, readAfterViolation: 0, flooderClose: null, footerEntries: null };
  // The reader keeps nothing (every callback says false): the file is millions of entries.
  const read = await streamTrace(file, (e) => {
    c.entries++;
    if (e.type === 'message') {
      if (e.from === 'Agent1') {
        c.fromFlooder++;
        if (c.backlogViolations > 0) c.readAfterViolation++;
      } else if (e.to === 'Agent1') c.toFlooder++;
      else if (e.from === 'Agent2') c.steadyRequests++;
      else if (e.to === 'Agent2') c.steadyAnswers++;
    } else if (e.type === 'bad-frame' && e.violations.some((v) => v.code === 'BACKLOG_EXCEEDED')) c.backlogViolations++;
    else if (e.type === 'note' && e.kind === 'connection-close' && e.participant === 'Agent1') c.flooderClose = e.text;
    return false;
  });
  if (!read.trace) throw new Error(`${file} does not read as a trace: ${read.diagnostics.map((d) => d.message).join('; ')}`);
  c.footerEntries = read.trace.footer?.entries ?? null;
  // Header, entries, footer: what the file holds, line by line.
  c.lines = 1 + c.entries + (read.trace.footer ? 1 : 0);
  return c;
}

function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
const ms = (x: number) => `${x.toFixed(1)} ms`;
const n = (x: number) => x.toLocaleString('en');

async function runMode(mode: Mode, dir: string): Promise<boolean> {
  const file = join(dir, `flood-${mode}.ndjson`);
  const server = forkRole(['harness', file]);
  const { url } = await nextMessage<{ url: string }>(server, 'ready');
  let killedAt: number | null = null;
  const watch = setInterval(() => {
    try {
      const { rss } = procStatus(server.pid!);
      if (rss > KILL_RSS && killedAt === null) {
        killedAt = rss;
        server.kill('SIGKILL');
      }
    } catch {
      /* gone */
    }
  }, 100);

  const steadyWs = await open(`${url}?participant=Agent2&role=AgentApplication`);
  await call(steadyWs, register('Agent2'));
  await call(steadyWs, login('a2', 'p2'));
  const steady = new SteadyClient(steadyWs);
  steady.start();

  const flood = forkRole(['flooder', url, mode]);
  const floodStart = performance.now();
  const flooded = nextMessage<{ report: FloodReport }>(flood, 'flooded');
  const serverGone = new Promise<'server-gone'>((r) => server.once('exit', () => r('server-gone')));
  const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), MODE_TIMEOUT_MS).unref());
  // Not reading, the flooder cannot tell when the server has read everything it sent: ask the server until its count stops moving.
  let over = false;
  void nextMessage<{ sent: number }>(flood, 'sent-all')
    .then(async () => {
      if (mode === 'reading') return;
      let last = -1;
      while (!over && server.connected) {
        server.send({ kind: 'count' });
        const { fromFlooder } = await nextMessage<{ fromFlooder: number }>(server, 'count');
        if (fromFlooder === last) break;
        last = fromFlooder;
        await new Promise((r) => setTimeout(r, 1000));
      }
      if (flood.connected) flood.send({ kind: 'finish' });
    })
    .catch(() => undefined);
  const outcome = await Promise.race([flooded, serverGone, timeout]);
  over = true;
  const floodEnd = performance.now();
  // A little longer for Agent2, so answers still on their way are not counted as lost.
  await new Promise((r) => setTimeout(r, 500));
  steady.stop();
  await new Promise((r) => setTimeout(r, 500));
  steadyWs.terminate();

  console.log(`\n--- ${mode === 'reading' ? 'flooder reads its answers' : 'flooder never reads its answers'} (N = ${n(N)})`);
  let ok = true;
  if (outcome === 'server-gone' || outcome === 'timeout') {
    flood.kill('SIGKILL');
    clearInterval(watch);
    if (killedAt !== null) console.log(`harness: killed by the bench at RSS ${mb(killedAt)} (over ${mb(KILL_RSS)}), ${((floodEnd - floodStart) / 1000).toFixed(1)} s into the flood`);
    else if (outcome === 'timeout') console.log(`harness: the flood did not end within ${MODE_TIMEOUT_MS / 1000} s`);
    else console.log(`harness: died during the flood (exit ${server.exitCode ?? server.signalCode})`);
    server.kill('SIGKILL');
    return false;
  }
  const { report: f } = outcome;
  server.send({ kind: 'stop' });
  const { report: h } = await nextMessage<{ report: HarnessReport }>(server, 'stopped');
  clearInterval(watch);
  const c = await countFile(file);

  const during = steady.latencies.filter((_, i) => steady.answeredAt[i] >= floodStart && steady.answeredAt[i] <= floodEnd);
  const gap = steady.longestGap(floodStart, floodEnd);
  const rate = (f.sent / f.sendMs) * 1000;
  console.log(`harness:  peak RSS ${mb(h.peakRss)} (target < ${mb(TARGET_RSS)}), max heap used ${mb(h.maxHeap)}; ${n(h.keptInMemory)} of ${n(h.entries)} entries kept in memory`);
  console.log(
    `Agent2:   ${n(during.length)} answers during the ${((floodEnd - floodStart) / 1000).toFixed(1)} s flood; latency p50 ${ms(percentile(during, 50))}, p99 ${ms(percentile(during, 99))}, max ${ms(Math.max(0, ...during))}; longest gap between answers ${ms(gap)}; ${steady.unanswered} of ${n(steady.sent)} requests unanswered at the end`,
  );
  console.log(
    `flooder:  sent ${n(f.sent)} requests in ${(f.sendMs / 1000).toFixed(1)} s (${n(Math.round(rate))}/s), read ${n(f.answers)} answers; ${f.closed ? `its connection was closed: ${f.closed.code}${f.closed.reason ? ` "${f.closed.reason}"` : ''}` : 'its connection stayed open'}`,
  );
  console.log(
    `on disk:  ${n(c.lines)} lines, ${n(c.entries)} entries (footer says ${c.footerEntries === null ? 'nothing: no footer' : n(c.footerEntries)}); Agent1 → IS1 ${n(c.fromFlooder)} (server read ${n(h.fromFlooder)}), IS1 → Agent1 ${n(c.toFlooder)} (server wrote ${n(h.toFlooder)}); Agent2 ${n(c.steadyRequests)} requests, ${n(c.steadyAnswers)} answers; BACKLOG_EXCEEDED ${c.backlogViolations}${c.backlogViolations ? `, then ${n(c.readAfterViolation)} requests read while the connection closed (unanswered)` : ''}`,
  );
  if (c.flooderClose) console.log(`          ${c.flooderClose}`);
  if (h.writeError) console.log(`          the trace file could not be written: ${h.writeError}`);

  const problems: string[] = [];
  if (h.peakRss >= TARGET_RSS) problems.push(`peak RSS ${mb(h.peakRss)} is not under ${mb(TARGET_RSS)}`);
  if (during.length === 0) problems.push('Agent2 got no answer during the flood');
  if (steady.unanswered > 1) problems.push(`Agent2 has ${steady.unanswered} requests unanswered`);
  if (c.fromFlooder !== h.fromFlooder || c.toFlooder !== h.toFlooder) problems.push('the file does not hold every message the server read and wrote');
  if (c.footerEntries !== c.entries) problems.push(`the footer counts ${c.footerEntries} entries, the file holds ${c.entries}`);
  if (c.toFlooder + c.readAfterViolation < c.fromFlooder - 2) problems.push(`${n(c.fromFlooder - c.toFlooder - c.readAfterViolation)} requests of Agent1 recorded without an answer`);
  for (const p of problems) console.log(`FAIL: ${p}`);
  if (problems.length === 0) console.log('PASS');
  ok = problems.length === 0;
  return ok;
}

const role = process.argv[2];
if (role === 'harness') await harness(process.argv[3]);
else if (role === 'flooder') await flooder(process.argv[3], process.argv[4] as Mode);
else {
  const dir = mkdtempSync(join(tmpdir(), 'flowcert-flood-'));
  try {
    let ok = true;
    for (const mode of ['reading', 'not-reading'] as const) ok = (await runMode(mode, dir)) && ok;
    process.exitCode = ok ? 0 : 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
