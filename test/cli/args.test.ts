import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCommandArgs } from '../../src/cli/args.ts';
import type { OptionSpec } from '../../src/cli/args.ts';

const OPTIONS: Record<string, OptionSpec> = { model: { type: 'string' }, timer: { type: 'string', multiple: true }, json: { type: 'boolean' } };
const parse = (...args: string[]) => parseCommandArgs('flowcert check', args, OPTIONS);

test('options and positionals in any order; repeatable options collect every value', () => {
  assert.deepEqual(parse('t.ndjson', '--model', 'm.yaml', '--timer', 'a=1', '--json', '--timer=b=2'), {
    ok: true, values: { model: 'm.yaml', timer: ['a=1', 'b=2'], json: true }, positionals: ['t.ndjson'],
  });
  assert.deepEqual(parse('--help'), { ok: true, values: { help: true }, positionals: [] });
  assert.deepEqual(parse('--', '--model'), { ok: true, values: {}, positionals: ['--model'] });
});

test('an unknown option names the command, a close match and every allowed option', () => {
  assert.deepEqual(parse('--modle', 'm.yaml'), {
    ok: false, message: 'flowcert check: unknown option --modle — did you mean --model?\n  allowed: --model, --timer, --json, --help',
  });
  assert.deepEqual(parse('-x'), { ok: false, message: 'flowcert check: unknown option -x\n  allowed: --model, --timer, --json, --help' });
});

test('values missing, given to a flag, or given twice are refused', () => {
  assert.deepEqual(parse('--model'), { ok: false, message: 'flowcert check: option --model needs a value' });
  assert.deepEqual(parse('--model', '--json'), { ok: false, message: 'flowcert check: option --model needs a value' });
  assert.deepEqual(parse('--json=yes'), { ok: false, message: 'flowcert check: option --json takes no value' });
  assert.deepEqual(parse('--model', 'a', '--model', 'b'), { ok: false, message: 'flowcert check: option --model is given twice' });
});
