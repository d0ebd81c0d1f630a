import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkFlow } from '../../src/session/flow-check.ts';
import { sharedModels } from '../../src/session/model-registry.ts';
import { ScenarioError } from '../../src/session/scenario-error.ts';
import { Session } from '../../src/session/session.ts';
import { expectAbsent, lastMessage } from '../../src/session/trace-queries.ts';
import { readTrace } from '../../src/trace/reader.ts';

// A scenario whose trace outgrew the recorder's memory limit cannot be checked live: the matcher would
// judge the first entries as if they were the whole trace (a missing RequestAccept that is only
// missing from memory fails; an EventRevoked beyond the cut passes a never-window). So every live look
// ends the scenario in error, naming the file to check offline, and the file holds the whole trace.

async function acceptedDelivery(opts: { maxEntriesInMemory: number; traceFile: string | null }): Promise<Session> {
  const session = Session.create({ name: 'deliver accept, small memory', ...opts });
  await session.start({ name: 'IS1', role: 'InteractionServer' });
  await session.start({ name: 'Stat Server', role: 'StatServer', reach: ['IS1'] });
  await session.start({ name: 'URS', role: 'URS', reach: ['IS1'] });
  await session.start({ name: 'E-mail Server', role: 'MediaServer', reach: ['IS1'] });
  await session.start({ name: "Agent1's desktop", role: 'AgentApplication', reach: ['IS1'] });
  await session.stimulate("Agent1's desktop", { kind: 'accept' });
  await session.stimulate("Agent1's desktop", { kind: 'login', agent: 'Agent1', place: 'Place1', media: ['email'] });
  await session.stimulate('E-mail Server', { kind: 'submit', mediaType: 'email', queue: 'Inbound' });
  await session.stimulate('URS', { kind: 'route', interaction: session.lastInteraction(), agent: 'Agent1', place: 'Place1' });
  return session;
}

function outgrew(file: string | null): (err: unknown) => boolean {
  return (err) => {
    assert.ok(err instanceof ScenarioError, String(err));
    assert.equal(err.verdict, 'error');
    assert.match(err.message, /^the trace of this scenario outgrew memory \(10 entries kept of \d+ recorded\), so it cannot be checked live/);
    if (file !== null) assert.ok(err.message.endsWith(`; check it offline with \`flowcert check ${file} --model <model>\``), err.message);
    else assert.ok(err.message.endsWith(', and it was not written to a file: run it with a trace file to check it offline'), err.message);
    return true;
  };
}

test('a flow check on a trace that outgrew memory ends in error naming the file to check offline, which holds every entry', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'flowcert-outgrew-')), 'run.ndjson');
  const session = await acceptedDelivery({ maxEntriesInMemory: 10, traceFile: file });
  try {
    const model = await sharedModels.get('deliver-interaction-to-agent');
    await assert.rejects(checkFlow(session, { model, variant: 'accept', timeoutMs: 100 }), outgrew(file));
    assert.equal(session.checks.length, 0, 'no verdict was recorded for the check');
    // The other live looks at the trace would be as wrong on the first entries: they end the same way.
    await assert.rejects(expectAbsent(session, 'EventRevoked', "Agent1's desktop", 1), outgrew(file));
    assert.throws(() => lastMessage(session, 'EventInvite'), outgrew(file));
  } finally {
    const closed = await session.dispose();
    const { trace } = await readTrace(file);
    assert.equal(trace!.entries.length, closed.footer!.entries);
    assert.ok(trace!.entries.some((e) => e.type === 'message' && e.message === 'RequestAccept'), 'the file has what memory dropped');
  }
});

test('without a trace file the error says there is nothing to check offline', async () => {
  const session = await acceptedDelivery({ maxEntriesInMemory: 10, traceFile: null });
  try {
    const model = await sharedModels.get('deliver-interaction-to-agent');
    await assert.rejects(checkFlow(session, { model, variant: 'accept', timeoutMs: 100 }), outgrew(null));
  } finally {
    await session.dispose();
  }
});
