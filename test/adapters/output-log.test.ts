import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OutputLog } from '../../src/adapters/output-log.ts';

// A process's output arrives in reads of whatever size the pipe gives, cut anywhere: in the middle of
// a line, even in the middle of a character. The report shows it as the process wrote it.

test('a line cut across two reads is one line of the report', () => {
  const log = new OutputLog();
  log.add('stdout', Buffer.from('[desktop] said hel'));
  log.add('stderr', Buffer.from('warning: slow\n'));
  log.add('stdout', Buffer.from('lo\n[desktop] done\n'));
  assert.equal(log.text('desktop'), '# desktop\nerr | warning: slow\nout | [desktop] said hello\nout | [desktop] done\n');
});

test('a UTF-8 character cut across two reads comes out whole, in the report and in the stderr tail', () => {
  const log = new OutputLog();
  const text = Buffer.from('agent Zoë refused\n');
  const cut = text.indexOf(0xc3) + 1; // between the two bytes of ë
  log.add('stderr', text.subarray(0, cut));
  log.add('stderr', text.subarray(cut));
  assert.equal(log.text('desktop'), '# desktop\nerr | agent Zoë refused\n');
  assert.equal(log.stderrTail(), '; its stderr ends:\nagent Zoë refused');
});

test('a last line without its newline is still shown', () => {
  const log = new OutputLog();
  log.add('stdout', Buffer.from('no newline at the end'));
  assert.equal(log.text('desktop'), '# desktop\nout | no newline at the end\n');
});

// Where the log drops output (past its bound) or keeps only a tail, a line is cut: the cut is marked
// with …, so the redactor takes out the half of a secret the cut left (secrets/redactor.ts).

const SECRET = 'abcdefghijklmnop';
const KIB128 = 128 * 1024;

test('a line cut where output was dropped ends (or starts) with …, and the redactor takes the half secret beside it', async () => {
  const { Redactor } = await import('../../src/secrets/redactor.ts');
  const r = new Redactor([SECRET]);

  const endCut = new OutputLog();
  endCut.add('stdout', Buffer.from(`${'h'.repeat(KIB128 - 10)}\nsecret: ${SECRET.slice(0, 8)}`));
  endCut.add('stdout', Buffer.from(`${SECRET.slice(8)}\n`));
  endCut.add('stdout', Buffer.from(`${'z'.repeat(KIB128)}\n`));
  const a = endCut.text('desktop');
  assert.match(a, /\nout \| secret: abcdefgh…\n… 9 bytes of output dropped here …\nout \| z/);
  assert.match(r.text(a), /\nout \| secret: \[secret\]…\n/);

  const startCut = new OutputLog();
  startCut.add('stdout', Buffer.from(`${'h'.repeat(KIB128)}\n`));
  startCut.add('stdout', Buffer.from(`token ${SECRET.slice(0, 8)}`));
  startCut.add('stdout', Buffer.from(`${SECRET.slice(8)} rest\n${'z'.repeat(KIB128 - 20)}\n`));
  startCut.add('stdout', Buffer.from('last\n'));
  const b = startCut.text('desktop');
  assert.match(b, /… 14 bytes of output dropped here …\nout \| …ijklmnop rest\n/);
  assert.match(r.text(b), /\nout \| …\[secret\] rest\n/);
});

test('a stderr tail that begins in the middle of a line says so, and loses the half secret there', async () => {
  const { Redactor } = await import('../../src/secrets/redactor.ts');
  const log = new OutputLog();
  log.add('stderr', Buffer.from(`${'x'.repeat(3000)} ${SECRET}${'y'.repeat(3986)}\nfatal\n`));
  const tail = log.stderrTail();
  assert.match(tail, /^; its stderr ends:\n…jklmnopy+\nfatal$/);
  assert.match(new Redactor([SECRET]).text(tail), /^; its stderr ends:\n…\[secret\]y+\nfatal$/);
});
