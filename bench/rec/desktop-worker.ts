// Agent applications for bench/reporting-engine-connects.bench.ts: bare WebSocket clients (a reference
// desktop per agent would weigh more than the servers measured), each registering and logging one
// agent in. Then it notes when each agent's first EventCurrentAgentStatus arrives, and tells its parent
// the wall-clock time (ms since the epoch, sub-ms) the last of its agents got one.
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';

interface Job {
  type: 'login';
  /** [url, agentId] per agent */
  agents: Array<[string, string]>;
}

const CONCURRENCY = 400;
const wallNow = () => performance.timeOrigin + performance.now();
const sockets: WebSocket[] = [];
let waiting = 0;
let lastStatusAt = 0;
let armed = false;

function loginOne(url: string, agentId: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url}?participant=${encodeURIComponent(agentId)}&role=AgentApplication`, { perMessageDeflate: false });
    sockets.push(ws);
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
    ws.once('open', () => ws.send(JSON.stringify({ protocol: 'InteractionManagement', message: 'RequestRegisterClient', referenceId: 1, attributes: { ClientName: agentId, ClientType: 'AgentApplication' } })));
    ws.once('error', reject);
  });
}

process.on('message', async (m: Job | { type: 'arm' } | { type: 'stop' }) => {
  if (m.type === 'login') {
    waiting = m.agents.length;
    let next = 0;
    const lane = async () => {
      while (next < m.agents.length) {
        const [url, id] = m.agents[next++];
        await loginOne(url, id);
      }
    };
    try {
      await Promise.all(Array.from({ length: CONCURRENCY }, lane));
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
