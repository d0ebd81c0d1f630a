import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validAttributesEnd } from '../../src/catalog/attr-text.ts';
import { defaultCatalog } from '../../src/catalog/catalog.ts';
import type { AttrDef, MessageDef } from '../../src/catalog/types.ts';
import { validateMessage } from '../../src/catalog/validate.ts';

/**
 * validAttributesEnd against JSON.parse + validateMessage, on attributes generated for every message of
 * the catalog: sound on any text (accepted means JSON.parse reads one object in which the catalog finds
 * nothing), and complete on what JSON.stringify writes (it accepts every valid one).
 */

let seed = 12345;
function rnd(): number {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];

const ODD_STRINGS = ['', 'a"b', 'back\\slash', 'line\nbreak', 'tab\t', 'é', '\u2028', 'x'.repeat(40), '2025-01-06T09:00:00Z', '2025-01-06T09:00'];
const ODD_VALUES: unknown[] = [null, true, false, 0, -1, 1.5, 1e21, -0, 'str', [], [1, 'a', null], {}, { nested: { deep: [1] } }];

function valueOf(def: AttrDef, wrong: number): unknown {
  if (rnd() < wrong) return pick(ODD_VALUES);
  switch (def.type) {
    case 'string':
      if (def.enum && rnd() < 0.9) return pick(def.enum);
      return rnd() < 0.5 ? `v${Math.floor(rnd() * 1000)}` : pick(ODD_STRINGS);
    case 'int':
      if (def.enum && rnd() < 0.9) return pick(def.enum);
      return rnd() < 0.9 ? Math.floor(rnd() * 2000) - 100 : pick([1.5, 2 ** 53, 1e300]);
    case 'bool':
      return rnd() < 0.5;
    case 'kv':
      return def.fields ? attributesOf(def.fields, wrong) : { [`k${Math.floor(rnd() * 5)}`]: pick(ODD_VALUES) };
    case 'list':
      return rnd() < 0.3 ? [] : [pick(ODD_VALUES), pick(ODD_STRINGS)];
    case 'timestamp':
      return rnd() < 0.5 ? 1736154000000 + Math.floor(rnd() * 1e6) : pick(['2025-01-06T09:00:00.123Z', '2025-01-06T09:00:00+01:00', 'yesterday']);
  }
}

function attributesOf(defs: Readonly<Record<string, AttrDef>>, wrong: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, def] of Object.entries(defs)) {
    if (def.required ? rnd() < 0.97 : rnd() < 0.5) out[name] = valueOf(def, wrong);
  }
  if (rnd() < 0.3) out[`Extra${Math.floor(rnd() * 3)}`] = pick(ODD_VALUES);
  if (rnd() < 0.05) out.__proto__ = 1;
  return out;
}

/** Text-level changes JSON.stringify never makes: white space, escapes, repeated keys, cuts, junk. */
function mutate(text: string): string {
  const at = Math.floor(rnd() * text.length);
  switch (Math.floor(rnd() * 8)) {
    case 0: return `${text.slice(0, at)} ${text.slice(at)}`;
    case 1: return text.slice(0, at);
    case 2: return `${text.slice(0, at)}${pick(['"', ',', ':', '{', '}', '[', ']', '\\', 'x', '0', '-', 'e'])}${text.slice(at)}`;
    case 3: {
      // A key spelled with an escape (JSON.parse reads the same name), its value sometimes made wrong.
      const m = /"([A-Za-z])([A-Za-z]*)":/.exec(text.slice(at)) ?? /"([A-Za-z])([A-Za-z]*)":/.exec(text);
      if (!m) return text;
      const key = `"\\u${m[1].charCodeAt(0).toString(16).padStart(4, '0')}${m[2]}":`;
      const value = rnd() < 0.5 ? `${JSON.stringify(pick(ODD_VALUES))},` : '';
      return text.replace(m[0], value ? `${key}${value}"${m[1]}${m[2]}x":` : key);
    }
    case 4: {
      // A key of the object written again at its end, with another value.
      const m = /^\{"([^"]+)":/.exec(text);
      return m && text.length > 2 ? `${text.slice(0, -1)},"${m[1]}":${JSON.stringify(pick(ODD_VALUES))}}` : text;
    }
    case 5: return text.replace(/:"/, ':"\\"');
    case 6: return text.replace(/[0-9]/, (d) => `${d}.0`);
    default: return `${text.slice(0, at)}${text.slice(at + 1)}`;
  }
}

function catalogFinds(def: MessageDef, text: string): boolean | 'not-json' {
  let attributes: Record<string, unknown>;
  try {
    attributes = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return 'not-json';
  }
  return validateMessage(defaultCatalog, { protocol: def.protocol, message: def.name, attributes }).violations.length === 0;
}

test('validAttributesEnd accepts exactly the valid attributes JSON.stringify writes, for every catalog message', () => {
  let valid = 0;
  let invalid = 0;
  for (const def of defaultCatalog.all()) {
    for (let k = 0; k < 60; k++) {
      const text = JSON.stringify(attributesOf(def.attributes, k % 3 === 0 ? 0.15 : 0));
      const fast = validAttributesEnd(text, 0, def) === text.length;
      const slow = catalogFinds(def, text);
      assert.equal(fast, slow, `${def.name}: ${text}`);
      if (slow) valid++;
      else invalid++;
    }
  }
  // Both answers were exercised, many times.
  assert.ok(valid > 1000 && invalid > 300, `valid ${valid}, invalid ${invalid}`);
});

test('validAttributesEnd never accepts what JSON.parse rejects or the catalog finds wrong, on mutated texts', () => {
  let accepted = 0;
  let refused = 0;
  for (const def of defaultCatalog.all()) {
    for (let k = 0; k < 80; k++) {
      let text = JSON.stringify(attributesOf(def.attributes, 0.05));
      for (let m = 1 + Math.floor(rnd() * 2); m > 0; m--) text = mutate(text);
      const end = validAttributesEnd(`${text}}`, 0, def);
      if (end !== text.length) {
        refused++;
        continue;
      }
      accepted++;
      assert.equal(catalogFinds(def, text), true, `${def.name}: accepted ${JSON.stringify(text)}`);
    }
  }
  assert.ok(accepted > 200 && refused > 200, `accepted ${accepted}, refused ${refused}`);
});

test('validAttributesEnd gives up on what it does not follow, and says where an object ends', () => {
  const def = defaultCatalog.get('InteractionManagement', 'EventAck')!.def;
  assert.equal(validAttributesEnd('{}', 0, def), 2);
  assert.equal(validAttributesEnd('x{}}', 1, def), 3);
  assert.equal(validAttributesEnd('{ }', 0, def), -1, 'white space');
  assert.equal(validAttributesEnd('{"a":1,"a":2}', 0, def), 13, 'an unknown key twice: JSON.parse keeps the last, the catalog does not look');
  const deep = `${'{"k":'.repeat(40)}1${'}'.repeat(40)}`;
  assert.equal(validAttributesEnd(deep, 0, def), -1, 'nested deeper than the reader follows');
  assert.ok(JSON.parse(deep));
});
