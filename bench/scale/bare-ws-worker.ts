// The floor for bench/agents-scale.bench.ts: a bare `ws` server in a process of its own, doing for each
// agent what the Interaction Server must at the least — the WebSocket upgrade, an EventAck to each
// request, and an EventAgentLogin to the registered reporting engines per login — and nothing else: no
// catalog, no pairing, no state. Its CPU for N agents is what this machine, at this load, charges for
// the sockets alone. Same messages as is-cpu-worker.ts.
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { cpuReport } from './thread-cpu.ts';

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
await new Promise<void>((r) => wss.once('listening', () => r()));
const engines: WebSocket[] = [];
wss.on('connection', (s) => {
  s.on('message', (d) => {
    const m = JSON.parse(d.toString()) as { message: string; referenceId?: number; attributes: Record<string, unknown> };
    if (m.message === 'RequestRegisterClient' && m.attributes.ClientType === 'ReportingEngine') engines.push(s);
    s.send(JSON.stringify({ protocol: 'InteractionManagement', message: 'EventAck', referenceId: m.referenceId, attributes: {} }));
    if (m.message === 'RequestAgentLogin') {
      const report = JSON.stringify({ protocol: 'Reporting', message: 'EventAgentLogin', attributes: { AgentId: m.attributes.AgentId, PlaceId: m.attributes.PlaceId, TenantId: m.attributes.TenantId, MediaList: m.attributes.MediaList, EventTime: new Date().toISOString() } });
      for (const e of engines) e.send(report);
    }
  });
});
const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/`;
process.send!({ type: 'url', url, tlibUrl: `${url}tlib` });
process.on('message', (m: { type: string }) => {
  if (m.type === 'cpu') {
    process.send!(cpuReport());
  }
  if (m.type === 'stop') process.exit(0);
});
