// One reference Interaction Server in a process of its own (bench/reporting-engine-connects.bench.ts):
// a process holds at most ~20,000 sockets here (ulimit -n), and 50,000 agents need more than one.
// Tells its parent its URL, then its peak RSS when asked; stops when told to.
import { InteractionServer } from '../../src/servers/interaction-server/interaction-server.ts';

const name = process.argv[2] ?? 'IS1';
const is = new InteractionServer({ name, registrationTimeoutMs: 0 });
const { url } = await is.start();
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
process.send!({ type: 'url', url });
process.on('message', (m: { type: string }) => {
  if (m.type === 'peak') process.send!({ type: 'peak', rss: Math.max(peak, process.memoryUsage().rss), agents: is.state().agents.length });
  if (m.type === 'stop') {
    clearInterval(sampler);
    void is.stop().then(() => process.exit(0));
  }
});
