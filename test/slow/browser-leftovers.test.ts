import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test, after } from 'node:test';
import { eventually, FEATURE, invited, isAlive, project, removeProjects, startRun, traceFile } from '../e2e/interrupt-kit.ts';

// Issue 12: a run whose agent application is a web desktop in Chromium leaves no Chromium behind when
// it is interrupted — one Ctrl-C (the run stops in order and closes its browsers), a second while the
// first still stops (the harness exits without waiting: playwright-core's exit handler kills the
// browsers it launched, as the browser adapter's abandon relies on), or the harness killed outright. Other runs on the machine have Chromium of their own, so the
// test follows only the processes under its own run (through /proc), by pid and command line.

after(removeProjects);

const FEATURE_DIR = 'interrupted';
const WAITING_SLUG = 'agent-fails-to-respond-in-time';

interface Proc { pid: number; cmdline: string }

function readProcs(): { pid: number; ppid: number; comm: string; cmdline: string }[] {
  const out = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      // pid (comm) state ppid …: comm may hold spaces and parentheses, so read after the last ')'.
      const close = stat.lastIndexOf(')');
      const ppid = Number(stat.slice(close + 2).split(' ')[1]);
      out.push({ pid: Number(d), ppid, comm: stat.slice(stat.indexOf('(') + 1, close), cmdline: readFileSync(`/proc/${d}/cmdline`, 'utf8') });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** The Chromium processes descended from `root`. */
function chromiumUnder(root: number): Proc[] {
  const procs = readProcs();
  const under = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of procs) if (!under.has(p.pid) && under.has(p.ppid)) (under.add(p.pid), (grew = true));
  }
  return procs.filter((p) => p.pid !== root && under.has(p.pid) && /chrom/i.test(p.comm + p.cmdline.split('\0')[0])).map(({ pid, cmdline }) => ({ pid, cmdline }));
}

/** Still running as the same program (a pid reused by another process does not count). */
function stillThere(p: Proc): boolean {
  if (!isAlive(p.pid)) return false;
  try {
    const state = readFileSync(`/proc/${p.pid}/stat`, 'utf8').split(') ')[1]?.[0];
    return state !== 'Z' && readFileSync(`/proc/${p.pid}/cmdline`, 'utf8') === p.cmdline;
  } catch {
    return false;
  }
}

const HOW = {
  'one Ctrl-C': 'the run stops in order, says what it ran and closes its browsers',
  'two Ctrl-C': 'the second while the first still stops: the harness exits at once',
  SIGKILL: 'the harness killed outright: each Chromium sees its pipe to the harness close',
} as const;

for (const [how, what] of Object.entries(HOW) as [keyof typeof HOW, string][]) {
  test(`${how} with the desktop in Chromium (${what}): no Chromium of the run left`, async () => {
    const dir = project({ 'interrupted.feature': FEATURE }, { "Agent1's desktop": { kind: 'browser' } });
    const run = startRun(dir, ['--no-allure', '--sut', 'sut.json']);
    await eventually(() => invited(dir, FEATURE_DIR, WAITING_SLUG), 'the waiting scenario to be invited');
    const browsers = chromiumUnder(run.pid);
    assert.ok(browsers.length >= 1, 'the run has Chromium running while a scenario waits');
    if (how === 'SIGKILL') {
      run.kill('SIGKILL');
    } else {
      run.kill('SIGINT');
      if (how === 'two Ctrl-C') {
        const file = traceFile(dir, FEATURE_DIR, WAITING_SLUG)!;
        await eventually(() => readFileSync(file, 'utf8').includes('"data":{"interrupted":"SIGINT"}'), 'the interrupt to reach the scenario');
        run.kill('SIGINT');
      }
    }
    const r = await run.exited;
    if (how === 'SIGKILL') assert.equal(r.signal, 'SIGKILL');
    else assert.equal(r.code, 130, r.stdout + r.stderr);
    if (how === 'one Ctrl-C') assert.match(r.stdout, /flowcert: interrupted by SIGINT — /);
    // A browser ends with its harness: given a moment to be reaped, none may be left.
    const deadline = Date.now() + 10_000;
    while (browsers.some(stillThere) && Date.now() < deadline) await new Promise((res) => setTimeout(res, 100));
    assert.deepEqual(browsers.filter(stillThere).map((p) => `${p.pid} ${p.cmdline.split('\0')[0]}`), [], `of ${browsers.length} Chromium processes`);
  });
}
