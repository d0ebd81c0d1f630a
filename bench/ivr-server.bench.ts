// IVR XML messages per second through the reference IVR Server with recording (TraceRecorder: entries
// in memory + ndjson file) and catalog validation on, against raw TCP echoes of the same GLI framing
// measured in the same run, rounds alternating, same client, same N (issue 11 item 7). Targets: at least
// 20,000 msgs/s, and at least half of the raw parse-and-echo.
//
// The client is a bare net socket with a GliDeframer, keeping WINDOW requests in flight: UDataGet on a
// live call, answered by UDataResp. Messages are counted both ways (each request and its answer). Two raw
// echoes, both cutting frames out of the stream with the same deframer:
// - parse-and-echo: each frame's XML parsed (fast-xml-parser, entities off, validated — the codec's
//   decode) and written back (the codec's encode): the raw figure the Interaction Server bench compares
//   with (JSON parse and stringify there). The target ratio is against this one.
// - byte echo: each frame written back as it came, no XML at all; reported, for what the XML costs.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect as netConnect } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { encodeGliFrame, GliDeframer } from '../src/codec/gli-framing.ts';
import { decodeIvrXml, encodeIvrXml } from '../src/codec/ivr-xml.ts';
import { traceObserver } from '../src/adapters/trace-observer.ts';
import { IvrServer } from '../src/servers/ivr-server/ivr-server.ts';
import { readTrace } from '../src/trace/reader.ts';
import { TraceRecorder } from '../src/trace/recorder.ts';

const N = Number(process.env.IVR_BENCH_N ?? 50_000);
const WINDOW = 200;
const ROUNDS = 5;
const TARGET_RATIO = 0.5;
const TARGET_RATE = 20_000;

const frame = (message: string, attributes: Record<string, unknown>, referenceId?: number) =>
  encodeGliFrame(encodeIvrXml(referenceId === undefined ? { protocol: 'IVR', message, attributes } : { protocol: 'IVR', message, referenceId, attributes }));
// Built once: the client's own encoding is not what is measured.
const REQUESTS = Array.from({ length: N }, (_, i) => frame('UDataGet', { CallId: 'C1', Keys: 'lang' }, i + 10));
const request = (i: number) => REQUESTS[i];

/** A bare GLI client: frames in, a callback per frame out. */
async function client(port: number): Promise<{ socket: Socket; onFrame: (fn: (payload: Buffer) => void) => void }> {
  const socket = netConnect({ host: '127.0.0.1', port });
  socket.setNoDelay(true);
  await new Promise<void>((r, j) => socket.once('connect', () => r()).once('error', j));
  const deframer = new GliDeframer();
  let handler: (payload: Buffer) => void = () => undefined;
  socket.on('data', (c) => {
    for (const e of deframer.push(c)) if (e.kind === 'frame') handler(e.payload);
  });
  return { socket, onFrame: (fn) => (handler = fn) };
}

/** N requests, WINDOW in flight; msgs/s (requests + answers). */
function pump(c: Awaited<ReturnType<typeof client>>): Promise<number> {
  return new Promise((resolve) => {
    let sent = 0;
    let answered = 0;
    const t0 = performance.now();
    c.onFrame(() => {
      answered++;
      if (sent < N) c.socket.write(request(sent++));
      if (answered === N) resolve((2 * N) / ((performance.now() - t0) / 1000));
    });
    while (sent < Math.min(WINDOW, N)) c.socket.write(request(sent++));
  });
}

/** One request, its answer (setup before the measured pump). */
function call(c: Awaited<ReturnType<typeof client>>, f: Buffer): Promise<string> {
  return new Promise((resolve) => {
    c.onFrame((p) => resolve(p.toString('latin1')));
    c.socket.write(f);
  });
}

async function rawEcho(parse: boolean): Promise<{ rate: () => Promise<number>; close: () => Promise<void> }> {
  const server = createServer((s) => {
    s.setNoDelay(true);
    const d = new GliDeframer();
    s.on('data', (chunk) => {
      for (const e of d.push(chunk)) {
        if (e.kind !== 'frame') continue;
        if (!parse) {
          s.write(encodeGliFrame(e.payload, e.type));
          continue;
        }
        const r = decodeIvrXml(e.payload, 1_048_576);
        if (!r.ok) throw new Error(`the bench's own request did not parse: ${r.violations[0].message}`);
        s.write(encodeGliFrame(encodeIvrXml(r.envelope)));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const c = await client((server.address() as AddressInfo).port);
  return {
    rate: () => pump(c),
    close: async () => {
      c.socket.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

async function ivrServer(dir: string, round: number): Promise<{ rate: () => Promise<number>; close: () => Promise<{ entries: number; violations: number }> }> {
  const file = join(dir, `trace-${round}.ndjson`);
  const rec = new TraceRecorder({ file, participants: [{ name: 'IVRS1', role: 'IVRServer' }] });
  const server = new IvrServer({
    observer: traceObserver(rec),
    configuration: { protocolVersion: '4.0', serverVersion: 'bench', tservers: {}, ivrs: { IVR1: { tservers: [], ports: { '01': { dn: '5001' } }, configOptions: {} } } },
  });
  const { port } = await server.start();
  const c = await client(port);
  await call(c, frame('LoginReq', { CallId: 'L1', Version: '4.0', ClientName: 'IVR1' }));
  await call(c, frame('NewCall', { CallId: 'C1', CalledNum: '5001' }));
  await call(c, frame('UDataSet', { CallId: 'C1', UDataEx: { lang: 'fr' } }, 1));
  return {
    rate: () => pump(c),
    close: async () => {
      c.socket.destroy();
      await server.stop();
      rec.close();
      const { trace } = await readTrace(file);
      const entries = trace?.entries ?? [];
      return { entries: entries.length, violations: entries.filter((e) => e.type === 'message' && e.violations.length > 0).length };
    },
  };
}

const dir = mkdtempSync(join(tmpdir(), 'flowcert-bench-ivr-'));
try {
  const bytes: number[] = [];
  const parsed: number[] = [];
  const ivrs: number[] = [];
  let last = { entries: 0, violations: 0 };
  // Round 0 warms the JIT for every path and is not counted; then the three alternate.
  for (let round = 0; round <= ROUNDS; round++) {
    const echo = await rawEcho(false);
    const b = await echo.rate();
    await echo.close();
    const parseEcho = await rawEcho(true);
    const p = await parseEcho.rate();
    await parseEcho.close();
    const server = await ivrServer(dir, round);
    const s = await server.rate();
    last = await server.close();
    if (round === 0) continue;
    console.log(`round ${round}: byte echo ${Math.round(b / 1000)}k msgs/s, parse-and-echo ${Math.round(p / 1000)}k msgs/s, IVR Server ${Math.round(s / 1000)}k msgs/s`);
    bytes.push(b);
    parsed.push(p);
    ivrs.push(s);
  }
  const byteEcho = median(bytes);
  const raw = median(parsed);
  const ivr = median(ivrs);
  const ratio = ivr / raw;
  console.log(`raw GLI byte echo:               ${Math.round(byteEcho).toLocaleString('en')} msgs/s (median of ${ROUNDS}, N=${N} requests, ${WINDOW} in flight, both directions counted)`);
  console.log(`raw GLI parse-and-echo:          ${Math.round(raw).toLocaleString('en')} msgs/s (the codec's decode and encode, nothing else)`);
  console.log(`reference IVR Server:            ${Math.round(ivr).toLocaleString('en')} msgs/s (UDataGet → UDataResp; recording ${last.entries} entries with raw XML; catalog validation on; ${last.violations} messages with violations)`);
  console.log(`rate ${ivr >= TARGET_RATE ? 'PASS' : 'FAIL'} (target ≥ ${TARGET_RATE.toLocaleString('en')} msgs/s); ratio to parse-and-echo ${ratio.toFixed(2)} — ${ratio >= TARGET_RATIO ? 'PASS' : 'FAIL'} (target ≥ ${TARGET_RATIO}); ratio to byte echo ${(ivr / byteEcho).toFixed(2)} (reported)`);
  if (last.violations > 0) {
    console.error('the benchmark traffic should be conformant: some recorded messages carry violations');
    process.exitCode = 1;
  }
  if (ratio < TARGET_RATIO || ivr < TARGET_RATE) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
