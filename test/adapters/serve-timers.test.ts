import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { serve } from '../../src/adapters/serve.ts';
import { parseTrace } from '../../src/trace/reader.ts';

// `flowcert serve --timer delivering=200`: timers typed on serve's command line are run overrides, as a
// run's --timer is — the reference Interaction Server takes one shorter than delivering-timeout's
// documented 1–86,400 s, and the served trace records it as an override.

const dir = mkdtempSync(join(tmpdir(), 'flowcert-serve-timers-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('a served Interaction Server takes a command-line delivering timer below the option\'s range, recorded as a run override', async () => {
  const traceFile = join(dir, 'served.ndjson');
  const handle = await serve({ participants: [{ name: 'IS1', role: 'InteractionServer' }], timers: { delivering: 200 }, traceFile, flowcertVersion: 'test' });
  await handle.stop();
  const trace = parseTrace(readFileSync(traceFile, 'utf8'), traceFile).trace!;
  const timers = trace.entries.filter((e) => e.type === 'note' && e.kind === 'timer').map((e) => (e.type === 'note' ? [e.text, e.data] : []));
  assert.deepEqual(timers, [['timer delivering = 200 ms (run override)', { name: 'delivering', ms: 200, source: 'run' }]]);
});
