import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { anyOutcome } from '../../bench/any-outcome.ts';
import { syntheticTrace } from '../../bench/synthetic-trace.ts';
import { checkStreamed, checkFile, secondThread, skimSkeleton } from '../../src/cli/check-stream.ts';
import { loadModel } from '../../src/flow/loader.ts';
import { traceLines } from '../../src/trace/line-writer.ts';
import type { Trace, TraceEntry, TraceMessage, TraceNote } from '../../src/trace/types.ts';
import { checkBothWays } from './check-both-ways.ts';
import { ROOT } from './cli-kit.ts';

// A big trace's check runs on two threads (check-thread-pass.ts): the second reads, parses and
// re-validates, and sends the matcher's thread only the lines of messages routing does not ignore. Its
// answer must be the one-thread check's (and the whole trace's) in every case where the two could part:
// the compact format, re-validation that changes a message, problems among the ignored messages, a
// participant announced late, and a second thread that dies.

const loaded = await loadModel('scenarios/deliver-interaction-to-agent.yaml');
const model = anyOutcome(loaded.model!);
const opts = { variant: 'any-outcome', timers: { delivering: 200 } };
const tmp = mkdtempSync(join(tmpdir(), 'flowcert-check-threads-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** The trace as a recorder writes it today (flowcert-trace/2: compact message lines, most naming their ends by direction). */
function write(name: string, trace: Trace, cut = false): string {
  trace.entries.forEach((e, i) => {
    e.seq = i + 1;
  });
  const footer = trace.footer ? { ...trace.footer, entries: trace.entries.length } : undefined;
  let text = traceLines(trace.header, trace.entries, footer).join('');
  if (cut) text = text.slice(0, -40);
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
}

function messages(trace: Trace, name: string): TraceMessage[] {
  return trace.entries.filter((e): e is TraceMessage => e.type === 'message' && e.message === name);
}

test('a compact trace: the same answer on two threads, and every check of it ran on two', async () => {
  const { trace } = syntheticTrace({ messages: 3000, timerMs: 200, seed: 3 });
  for (const cut of [false, true]) {
    const r = await checkBothWays(write(`plain-${cut}.ndjson`, structuredClone(trace), cut), model, opts);
    assert.equal(r.streamed, r.whole, cut ? 'its last line cut' : 'whole');
    assert.equal(r.threads, 2);
  }
});

test('re-validation that changes messages, some routing ignores: aliases, violations recorded and found, problems', async () => {
  const { trace } = syntheticTrace({ messages: 3000, timerMs: 200, seed: 4 });
  const status = messages(trace, 'EventCurrentAgentStatus');
  // An agent status without its AgentId: routing ignores it, but it breaks the catalog (a trace problem).
  delete (status[3].attributes as Record<string, unknown>).AgentId;
  // One that records a violation the catalog does not find: a difference, nothing else.
  status[5].violations = [{ code: 'MISSING_ATTRIBUTE', severity: 'error', message: 'written by hand', attribute: 'PlaceId' }];
  // An accept with a number where a string goes, recorded in other words: the catalog's violation replaces it.
  const accept = messages(trace, 'RequestAccept')[2];
  accept.attributes = { ...accept.attributes, InitialInFocusState: 7 };
  accept.violations = [{ code: 'WRONG_TYPE', severity: 'error', message: 'some other wording', attribute: 'InitialInFocusState' }];
  // A message of an interaction under its alias (routed to its instance), and one routing ignores.
  const invite = messages(trace, 'EventInvite')[1];
  const id = (invite.attributes as { Interaction: { InteractionId: string } }).Interaction.InteractionId;
  const at = trace.entries.indexOf(invite);
  const alias = { ...structuredClone(invite), from: 'IS1', to: 'Stat1', connection: 'IS1<->Stat1', protocol: 'Reporting', message: 'EventInteractionSubmited', attributes: { InteractionId: id } };
  const ignoredAlias = { ...structuredClone(alias), message: 'RequestStartPlaceAgentStateReportingAll', protocol: 'InteractionManagement', from: 'Stat1', to: 'IS1', attributes: {}, referenceId: 777 };
  trace.entries.splice(at + 1, 0, alias, ignoredAlias);
  const path = write('revalidated.ndjson', trace);
  for (const retire of [undefined, { slackMs: 0, every: 1 }]) {
    const r = await checkBothWays(path, model, opts, retire);
    assert.equal(r.streamed, r.whole);
    assert.equal(r.threads, 2);
    // The alias's line is read under its canonical name, an instance finds it unexpected.
    assert.match(r.whole, /unexpected EventInteractionSubmitted/);
    assert.match(r.whole, /"violationDifferences": \[\n\s+\{/);
    assert.match(r.whole, /"problems": \[\n\s+\{/);
  }
});

test('a participant announced after a message naming it: the same answer, on one thread', async () => {
  const { trace } = syntheticTrace({ messages: 3000, timerMs: 200, seed: 6 });
  trace.header.participants = trace.header.participants.filter((p) => p.name !== 'Agent3');
  const note = (t: number): TraceNote => ({ type: 'note', seq: 0, t, kind: 'participant', text: 'Agent3 joins', data: { name: 'Agent3', role: 'AgentApplication' } });
  const first = trace.entries.findIndex((e) => e.type === 'message' && (e.from === 'Agent3' || e.to === 'Agent3'));
  const late = [...trace.entries];
  late.splice(first + 5, 0, note(late[first + 5].t));
  const r = await checkBothWays(write('late.ndjson', { ...trace, entries: late }), model, opts);
  assert.equal(r.streamed, r.whole);
  assert.equal(r.threads, 1, 'the second thread re-validated messages to Agent3 without its role');
  // Announced before its first message: two threads.
  const early: TraceEntry[] = [...trace.entries];
  early.splice(first, 0, note(early[first].t));
  const e = await checkBothWays(write('early.ndjson', { ...trace, entries: early }), model, opts);
  assert.equal(e.streamed, e.whole);
  assert.equal(e.threads, 2);
});

test('a second thread that dies mid-read: the check answers on one thread, and says why', async () => {
  const { trace } = syntheticTrace({ messages: 20_000, timerMs: 200, seed: 8 });
  const path = write('dies.ndjson', trace);
  const alone = await checkFile(path, model, opts, undefined, 'one-thread');
  const thread = (await secondThread(path, 'two-threads'))!;
  thread.begin({ path, model, variant: opts.variant });
  const skim = await skimSkeleton(path);
  const first = await thread.next();
  assert.equal(first.type, 'batch');
  thread.kill();
  const check = await checkStreamed(path, skim.skeleton!, model, opts, undefined, thread);
  assert.equal(check.threads, 1);
  assert.match(check.secondThreadFailure ?? '', /the second thread stopped before the end of the trace/);
  assert.deepEqual({ ...check, threads: 1, secondThreadFailure: undefined }, { ...alone.check, secondThreadFailure: undefined });
});

test('the installed command on two threads (FLOWCERT_CHECK_THREADS=2; the build when it is fresh): the one-thread answer, nothing said of the second thread', async () => {
  const { trace } = syntheticTrace({ messages: 3000, timerMs: 200, seed: 9 });
  const path = write('cli.ndjson', trace);
  const run = (threads: string) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
      const args = [join(ROOT, 'bin', 'flowcert.mjs'), 'check', path, '--model', 'scenarios/deliver-interaction-to-agent.yaml', '--variant', 'accept', '--timer', 'delivering=200', '--json'];
      execFile(process.execPath, args, { cwd: ROOT, env: { ...process.env, FLOWCERT_CHECK_THREADS: threads }, maxBuffer: 1 << 26 }, (err, stdout, stderr) => {
        done({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stdout, stderr });
      });
    });
  const one = await run('1');
  const two = await run('2');
  assert.equal(two.code, one.code);
  assert.equal(two.stdout, one.stdout);
  assert.doesNotMatch(two.stderr, /checked on one thread/);
  assert.match(one.stdout, /"verdict": "fail"/, 'a trace of every outcome checked against the accept variant fails');
});
