// Agent applications for bench/reporting-engine-connects.bench.ts: bare WebSocket clients (a reference
// desktop per agent would weigh more than the servers measured), each registering and logging one
// agent in. Then it notes when each agent's first EventCurrentAgentStatus arrives, and tells its parent
// the wall-clock time (ms since the epoch, sub-ms) the last of its agents got one. A 'connect' job first
// only opens the connections, so a bench can tell the upgrade's cost from registration and login.
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';

interface Job {
  /** connect: open each agent's WebSocket only; login: register and log in (connecting first where not connected). */
  type: 'connect' | 'login';
  /** [url, agentId] per agent */
  agents: Array<[string, string]>;
}

const CONCURRENCY = 400;
const wallNow = () => performance.timeOrigin + performance.now();
const sockets: WebSocket[] = [];
let waiting = 0;
let lastStatusAt = 0;
let armed = false;

function connectOne(url: string, agentId: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url}?participant=${encodeURIComponent(agentId)}&role=AgentApplication`, { perMessageDeflate: false });
    sockets.push(ws);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function registerAndLogIn(ws: WebSocket, agentId: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let gotStatus = false;
    ws.on('message', (d) => {
      const text = d.toString();
      if (text.includes('"EventCurrentAgentStatus"')) {
        if (!gotStatus) {
          gotStatus = true;
          lastStatusAt = wallNow();
          if (--waiting === 0 && armed) process.send!({ type: 'done', lastStatusAt });
        }
        return;
      }
      const m = JSON.parse(text) as { message: string; referenceId?: number };
      if (m.message !== 'EventAck') return reject(new Error(`${agentId}: ${text}`));
      if (m.referenceId === 1) ws.send(JSON.stringify({ protocol: 'InteractionManagement', message: 'RequestAgentLogin', referenceId: 2, attributes: { TenantId: 101, PlaceId: `P-${agentId}`, AgentId: agentId, MediaList: { voice: 1, email: 1 } } }));
      else if (m.referenceId === 2) resolve();
    });
    ws.once('error', reject);
    ws.send(JSON.stringify({ protocol: 'InteractionManagement', message: 'RequestRegisterClient', referenceId: 1, attributes: { ClientName: agentId, ClientType: 'AgentApplication' } }));
  });
}

/** Runs `one` over the items, CONCURRENCY at a time. */
async function lanes<T>(items: T[], one: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await one(items[next++]);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
}

/** Connected and not yet registered (the 'connect' job), by agent. */
const open = new Map<string, WebSocket>();

process.on('message', async (m: Job | { type: 'arm' } | { type: 'stop' }) => {
  if (m.type === 'connect') {
    try {
      await lanes(m.agents, async ([url, id]) => void open.set(id, await connectOne(url, id)));
      process.send!({ type: 'connected' });
    } catch (err) {
      process.send!({ type: 'error', message: (err as Error).message });
    }
  } else if (m.type === 'login') {
    // Agents connected by a 'connect' job register on that connection; the others connect first.
    waiting = m.agents.length;
    try {
      await lanes(m.agents, async ([url, id]) => registerAndLogIn(open.get(id) ?? (await connectOne(url, id)), id));
      process.send!({ type: 'logged-in', rss: process.memoryUsage().rss });
    } catch (err) {
      process.send!({ type: 'error', message: (err as Error).message });
    }
  } else if (m.type === 'arm') {
    armed = true;
    if (waiting === 0) process.send!({ type: 'done', lastStatusAt });
  } else if (m.type === 'stop') {
    for (const s of sockets) s.terminate();
    process.exit(0);
  }
});
