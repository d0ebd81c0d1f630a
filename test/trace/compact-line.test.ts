import assert from 'node:assert/strict';
import { test } from 'node:test';
import { syntheticTrace } from '../../bench/synthetic-trace.ts';
import { compactObject, parseCompactLine, scanCompactPrefix } from '../../src/trace/compact-line.ts';
import { TraceLineParser } from '../../src/trace/line-parser.ts';
import { TraceLineWriter } from '../../src/trace/line-writer.ts';
import type { TraceMessage } from '../../src/trace/types.ts';

/**
 * compact-line.ts reads a flowcert-trace/2 message line as JSON.parse reads it, or not at all: compared
 * with JSON.parse on what the writer writes (every line read) and on lines changed as no writer would.
 */

let seed = 99;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);

function writtenLines(): string[] {
  const { trace } = syntheticTrace({ messages: 2000, timerMs: 200, seed: 5 });
  const w = new TraceLineWriter();
  w.header(trace.header);
  const odd = ['é', 'a"b', 'c\\d', 'tab\t', '', '\u2028'];
  return trace.entries.map((e, i) => {
    if (e.type !== 'message') return w.entry(e).slice(0, -1);
    const m = { ...e } as TraceMessage;
    // Now and then what a recorder may also write: an alias, a raw frame, violations, odd strings, odd numbers.
    if (i % 17 === 0) m.alias = `${m.message}Old`;
    if (i % 23 === 0) m.raw = JSON.stringify(m.attributes);
    if (i % 29 === 0) m.violations = [{ code: 'MISSING_ATTRIBUTE', severity: 'error', message: 'm' }];
    if (i % 31 === 0) m.connection = `${m.connection}${odd[i % odd.length]}`;
    if (i % 37 === 0) m.t = [1e-7, 1e21, 0, 123.5][i % 4];
    if (i % 41 === 0) m.referenceId = [0, 1.5, -3, 2 ** 40][i % 4];
    return w.entry(m).slice(0, -1);
  });
}

test('every message line the writer writes reads as JSON.parse reads it; escapes and odd spellings are left to JSON.parse', () => {
  let read = 0;
  let left = 0;
  for (const line of writtenLines()) {
    const o = parseCompactLine(line);
    if (o === undefined) {
      left++;
      // Only what the reader does not follow: an escape in a fixed field, or not a message line.
      assert.ok(line.includes('"type"') || /\\/.test(line.slice(0, line.indexOf('"a":'))), `left to JSON.parse: ${line}`);
      continue;
    }
    read++;
    assert.deepEqual(o, JSON.parse(line));
  }
  assert.ok(read > 1800 && left > 10, `read ${read}, left ${left}`);
});

test('a changed line is read as JSON.parse reads it, or not at all', () => {
  const changes: Array<(l: string) => string> = [
    (l) => l.replace(/\}$/, ',"s":1}'),
    (l) => l.replace(/\}$/, ',"m":"Other"}'),
    (l) => l.replace(/\}$/, ',"a":7}'),
    (l) => l.replace(/\}$/, ',"__proto__":1}'),
    (l) => l.replace(/\}$/, ' }'),
    (l) => l.replace(/\}$/, '}x'),
    (l) => l.replace('"t":', '"t":-'),
    (l) => l.replace(/"t":[0-9.e+-]+/, '"t":1e400'),
    (l) => l.replace(/"s":\d+/, '"s":007'),
    (l) => l.replace(/"c":"/, '"c":"\u0001'),
    (l) => l.replace(/"a":\{/, '"a":{"k":"\\u00e9",'),
    (l) => l.slice(0, Math.floor(rnd() * l.length)),
  ];
  let same = 0;
  let refused = 0;
  for (const line of writtenLines().slice(0, 400)) {
    const changed = changes[Math.floor(rnd() * changes.length)](line);
    let parsed: unknown;
    try {
      parsed = JSON.parse(changed);
    } catch {
      parsed = undefined;
    }
    const o = parseCompactLine(changed);
    if (o === undefined) {
      refused++;
      continue;
    }
    same++;
    assert.deepEqual(o, parsed, changed);
  }
  assert.ok(same > 50 && refused > 50, `same ${same}, refused ${refused}`);
});

test('compactObject refuses a line whose rest writes a fixed field again', () => {
  const line = '{"s":3,"t":1.5,"c":"c1","from":"A","to":"B","p":"InteractionManagement","m":"EventAck","r":4,"a":{},"r":5}';
  const prefix = scanCompactPrefix(line)!;
  assert.deepEqual({ s: prefix.s, r: prefix.r, at: line.slice(prefix.at, prefix.at + 4) }, { s: 3, r: 4, at: '"a":' });
  assert.equal(compactObject(line, prefix), undefined);
});

test('passMessage takes a line as line() would, or leaves it to line()', () => {
  const lines: TraceMessage[] = [];
  const parser = new TraceLineParser('t', (e) => lines.push(e as TraceMessage));
  parser.line('{"type":"header","format":"flowcert-trace/2","flowcertVersion":"0","startedAt":"x","participants":[]}');
  const first = '{"s":1,"t":1,"c":"c1","from":"A","to":"B","p":"InteractionManagement","m":"EventAck","a":{}}';
  assert.equal(parser.passMessage(scanCompactPrefix(first)!), 'A');
  assert.equal(parser.passMessage(scanCompactPrefix('{"s":2,"t":2,"c":"c1","d":"<","p":"InteractionManagement","m":"EventAck","a":{}}')!), 'B');
  // Out of order, an unknown connection, a time JSON reads as Infinity: line() reports them.
  for (const bad of [
    '{"s":2,"t":3,"c":"c1","d":">","p":"InteractionManagement","m":"EventAck","a":{}}',
    '{"s":5,"t":3,"c":"c9","d":">","p":"InteractionManagement","m":"EventAck","a":{}}',
    '{"s":5,"t":1e400,"c":"c1","d":">","p":"InteractionManagement","m":"EventAck","a":{}}',
  ]) {
    assert.equal(parser.passMessage(scanCompactPrefix(bad)!), undefined, bad);
    parser.line(bad);
  }
  parser.line('{"s":6,"t":4,"c":"c1","d":">","p":"InteractionManagement","m":"EventAck","a":{}}');
  assert.deepEqual(parser.diagnostics.map((d) => [d.code, d.location?.line]), [['TRACE_SEQ_ORDER', 4], ['TRACE_BAD_ENTRY', 5], ['TRACE_BAD_ENTRY', 6]]);
  assert.deepEqual(lines.map((e) => [e.seq, e.from, e.to]), [[6, 'A', 'B']]);
});
