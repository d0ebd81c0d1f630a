// Servers whose cost does not grow with the agents (issue 13 item 3). One reference Interaction Server
// in a process of its own (its CPU measured with process.cpuUsage there, so other processes' work is not
// counted; user and system apart, system being mostly the loopback TCP the kernel does on its behalf), a
// reporting engine registered (a bare ws client in this process, reading everything), then N agents
// registered and logged in by a desktop process (bench/rec/desktop-worker.ts, bare ws clients).
//
// 1. Register + log in: the server's CPU for N agents' RequestRegisterClient + RequestAgentLogin (each
//    an EventAck, each login an EventAgentLogin to the reporting engine), on connections already open.
//    Target: 10,000 within 1 s. Opening the N WebSocket connections (TCP accept, HTTP upgrade) is
//    measured before it, apart: that is the transport's cost, which the bare floor (4) pays as well.
// 2. Per event with N agents logged in: one more agent (this process) sends PROBES readiness changes,
//    each acknowledged and reported to the reporting engine (agent lookup, reporting fan-out).
// 3. A whole delivery with N agents logged in (scale/delivery-probe.ts): submit, RequestRouteCall,
//    EventInvite, RequestAccept, EventRouteUsed, stop processing, and the reporting events of each;
//    DELIVERIES of them, one at a time. Target (the issue's): the cost with 10,000 agents at most 1.2×
//    the cost with 1,000 — for 2 and 3 alike.
// 4. The floor: the same N agents register and log in against a bare ws server (scale/bare-ws-worker.ts:
//    the upgrade, an EventAck per request, an EventAgentLogin per login, nothing checked or kept). What
//    the sockets alone cost on this machine at this load; the 1 s target cannot be met where it is above.
// RECORD=1 makes the server record its trace to a file, as a run does; BENCH_CPU_PROF=DIR profiles it (the
// bare floor into DIR-bare, to compare the two connect phases);
// SCALE_LOGIN_ONLY=1 measures 1 and 4 only.
import { forkWorker, nextMessage } from './child-kit.ts';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { acked, im, open } from './scale/clients.ts';
import { deliveryProbe } from './scale/delivery-probe.ts';

const SIZES = (process.env.SCALE_SIZES ?? '1000,10000').split(',').map(Number);
const PROBES = Number(process.env.SCALE_PROBES ?? 20_000);
const DELIVERIES = Number(process.env.SCALE_DELIVERIES ?? 3000);
const TARGET_LOGIN_MS = 1000;
const TARGET_GROWTH = 1.2;

const child = (file: string, profile?: string): ChildProcess => forkWorker(join(import.meta.dirname, file), { profile });
const next = nextMessage;

interface Cpu {
  /** ms, user + system */
  ms: number;
  userMs: number;
  systemMs: number;
  /** the server's heapUsed, bytes, when asked */
  heap: number;
}

async function cpu(is: ChildProcess): Promise<Cpu> {
  const r = next<{ us: number; user: number; system: number; heap: number }>(is, 'cpu');
  is.send({ type: 'cpu' });
  const c = await r;
  return { ms: c.us / 1000, userMs: c.user / 1000, systemMs: c.system / 1000, heap: c.heap };
}

const since = (a: Cpu, b: Cpu): Cpu => ({ ms: b.ms - a.ms, userMs: b.userMs - a.userMs, systemMs: b.systemMs - a.systemMs, heap: b.heap - a.heap });

interface Round {
  agents: number;
  connect: Cpu;
  login: Cpu;
  perEventUs: number;
  perDeliveryUs: number;
  reported: number;
}

const loginOnly = process.env.SCALE_LOGIN_ONLY === '1';

async function round(agents: number, server = 'scale/is-cpu-worker.ts'): Promise<Round> {
  const is = child(server, process.env.BENCH_CPU_PROF ? process.env.BENCH_CPU_PROF + (server.includes('bare') ? '-bare' : '') : undefined);
  const desktop = child('rec/desktop-worker.ts');
  try {
    const { url, tlibUrl } = await next<{ url: string; tlibUrl: string }>(is, 'url');
    const engine = await open(`${url}?participant=REC&role=StatServer`);
    let reported = 0;
    engine.on('message', () => reported++);
    await acked(engine, [im('RequestRegisterClient', 1, { ClientName: 'REC', ClientType: 'ReportingEngine' })]);

    const who = Array.from({ length: agents }, (_, i) => [url, `A${i}`]);
    const c0 = await cpu(is);
    const connected = next(desktop, 'connected');
    desktop.send({ type: 'connect', agents: who });
    await connected;
    const before = await cpu(is);
    const connect = since(c0, before);
    const loggedIn = next(desktop, 'logged-in');
    desktop.send({ type: 'login', agents: who });
    await loggedIn;
    const login = since(before, await cpu(is));

    if (loginOnly || server.includes('bare')) return { agents, connect, login, perEventUs: NaN, perDeliveryUs: NaN, reported };
    const probe = await open(`${url}?participant=Probe&role=AgentApplication`);
    await acked(probe, [im('RequestRegisterClient', 1, { ClientName: 'Probe', ClientType: 'AgentApplication' }), im('RequestAgentLogin', 2, { TenantId: 101, PlaceId: 'P-probe', AgentId: 'probe', MediaList: { email: 1 } })]);
    const frames = Array.from({ length: PROBES }, (_, i) => im(i % 2 === 0 ? 'RequestNotReadyForMedia' : 'RequestCancelNotReadyForMedia', i + 10, { MediaTypeName: 'email' }));
    // Warm-up, then the measured run.
    await acked(probe, frames.slice(0, 2000).map((f, i) => f.replace(/"referenceId":\d+/, `"referenceId":${PROBES + 100 + i}`)));
    const t0 = await cpu(is);
    await acked(probe, frames);
    const perEventUs = ((await cpu(is)).ms - t0.ms) * 1000 / PROBES;
    probe.close();

    const deliveries = await deliveryProbe(url, tlibUrl);
    await deliveries.run(Math.max(1, Math.floor(DELIVERIES / 10)));
    const d0 = await cpu(is);
    await deliveries.run(DELIVERIES);
    const perDeliveryUs = ((await cpu(is)).ms - d0.ms) * 1000 / DELIVERIES;
    deliveries.close();
    engine.close();
    return { agents, connect, login, perEventUs, perDeliveryUs, reported };
  } finally {
    desktop.send({ type: 'stop' });
    is.send({ type: 'stop' });
    await Promise.all([desktop, is].map((p) => new Promise((r) => (p.exitCode !== null ? r(null) : p.once('exit', r)))));
  }
}

const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
console.log(`load average ${load()} as the bench starts (server CPU is the server process's own; rerun quiet for timings)${process.env.RECORD === '1' ? '; the server records its trace' : ''}`);
const rounds: Round[] = [];
const floors: Round[] = [];
for (const n of SIZES) {
  const r = await round(n);
  rounds.push(r);
  const l = r.login;
  const rest = loginOnly ? '' : `; a readiness change, acknowledged and reported, ${r.perEventUs.toFixed(1)} µs; a whole delivery ${r.perDeliveryUs.toFixed(0)} µs`;
  console.log(`${n.toLocaleString('en')} agents: connect ${r.connect.ms.toFixed(0)} ms server CPU, then register + login ${l.ms.toFixed(0)} ms (user ${l.userMs.toFixed(0)}, system ${l.systemMs.toFixed(0)}; ${((l.ms * 1000) / n).toFixed(0)} µs an agent, the heap grew ${(l.heap / n / 1024).toFixed(1)} KiB an agent)${rest} (${r.reported} frames to the reporting engine; load ${load()})`);
  const f = await round(n, 'scale/bare-ws-worker.ts');
  floors.push(f);
  console.log(`${n.toLocaleString('en')} agents against the bare ws floor: connect ${f.connect.ms.toFixed(0)} ms CPU (the Interaction Server ×${(r.connect.ms / f.connect.ms).toFixed(2)}), register + login ${f.login.ms.toFixed(0)} ms (user ${f.login.userMs.toFixed(0)}, system ${f.login.systemMs.toFixed(0)}; the heap grew ${(f.login.heap / n / 1024).toFixed(1)} KiB an agent; the Interaction Server ×${(l.ms / f.login.ms).toFixed(2)}); both together ×${((r.connect.ms + l.ms) / (f.connect.ms + f.login.ms)).toFixed(2)} (load ${load()})`);
}
let failed = false;
const big = rounds.find((r) => r.agents === 10_000);
if (big) {
  const ok = big.login.ms <= TARGET_LOGIN_MS;
  const floor = floors[rounds.indexOf(big)].login.ms;
  console.log(`10,000 agents register and log in in ${big.login.ms.toFixed(0)} ms of server CPU — ${ok ? 'PASS' : 'FAIL'} (≤ ${TARGET_LOGIN_MS} ms; the bare ws floor took ${floor.toFixed(0)} ms${floor > TARGET_LOGIN_MS ? ', so this machine at this load cannot meet it' : ''}; opening their connections took ${big.connect.ms.toFixed(0)} ms more, apart)`);
  failed ||= !ok;
}
const small = rounds.find((r) => r.agents === 1000);
if (big && small && !loginOnly) {
  for (const [what, b, s] of [['per event', big.perEventUs, small.perEventUs], ['per whole delivery', big.perDeliveryUs, small.perDeliveryUs]] as const) {
    const growth = b / s;
    const ok = growth <= TARGET_GROWTH;
    console.log(`${what}, 10,000 agents vs 1,000: ×${growth.toFixed(2)} — ${ok ? 'PASS' : 'FAIL'} (≤ ×${TARGET_GROWTH})`);
    failed ||= !ok;
  }
}
process.exitCode = failed ? 1 : 0;
