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
