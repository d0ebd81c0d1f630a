import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parse, stringify } from 'yaml';
import { hasErrors } from '../../src/diagnostic/diagnostic.ts';
import { parseModel } from '../../src/flow/loader.ts';

/**
 * Whatever shape a model has, the loader answers with diagnostics, never a throw: a throw ends
 * `lint`, `run` and `profiles` in an internal error (exit 4) instead of a report with file:line:col.
 * Every key of a model using every step kind of the README's step table is removed, in turn, and
 * replaced by a value of each wrong type. Where the JSON Schema rejects the result, lint must too.
 */

const MODEL = `
model: Every step kind
participants:
  urs: { role: URS }
  ixn: { role: InteractionServer }
  agent: { role: AgentApplication }
  stat: { role: StatServer }
timers: { delivering: 30000 }
params:
  servers: { type: list, role: InteractionServer }
  queue: { type: string, default: q }
unexpected: fail
correlate: [interaction]
notes: [n]
default-profile: a
profiles:
  a: { title: A, source: s, steps: { accept: { as: optional, source: s } } }
phases:
  p:
    title: P
    description: d
    steps:
      - { id: route, from: urs, to: ixn, message: RequestRouteCall, referenceId: $ref, within: 100, note: x,
          attributes: { InteractionId: $interaction, AgentId: { $regex: "^a", $flags: i }, PlaceId: { $oneOf: [a, b] } } }
      - any-order:
          - { from: ixn, to: stat, message: EventAgentInvited, attributes: { InteractionId: $interaction } }
          - { id: invite, from: ixn, to: agent, message: EventInvite,
              attributes: { TicketId: { $min: 1, $max: 5 }, Interaction: { $exact: { InteractionId: $interaction } } } }
      - one-of:
          - [ { id: accept, from: agent, to: ixn, message: RequestAccept, before: { timer: delivering, since: invite, tolerance: 10 }, allowViolations: [MISSING_ATTRIBUTE] } ]
          - [ { from: ixn, to: agent, message: EventRevoked, after: { timer: delivering, since: invite, tolerance: 0 } } ]
      - optional: [ { from: ixn, to: urs, message: EventRouteUsed } ]
      - { repeat: [ { from: ixn, to: urs, message: EventRouteUsed } ], min: 0, max: 2 }
      - { repeat: [ { from: ixn, to: urs, message: EventRouteUsed } ], times: 2 }
      - { for-each: s, in: servers, order: any, steps: [ { from: urs, to: $s, message: RequestRouteCall, violates: [MISSING_ATTRIBUTE] } ] }
      - { never: { from: ixn, to: agent, message: EventRevoked, attributes: { TicketId: { $capture: x, $regex: "a" } } }, window: { timer: delivering, margin: 5 } }
      - { never: { from: ixn, to: agent, message: EventRevoked }, window: end }
      - { never: { from: ixn, to: agent, message: EventRevoked }, window: 500 }
variants:
  v: { phases: [p], title: V, unexpected: ignore }
`;

const WRONG: unknown[] = [null, 0, 'x', true, [], [{}], {}];

const schema = JSON.parse(readFileSync('schemas/flow-model.schema.json', 'utf8'));
const validate = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }).compile(schema);

type Path = Array<string | number>;

function paths(v: unknown, at: Path = [], out: Path[] = []): Path[] {
  const children: Array<[string | number, unknown]> = Array.isArray(v) ? v.map((x, i) => [i, x]) : v && typeof v === 'object' ? Object.entries(v) : [];
  for (const [k, x] of children) {
    out.push([...at, k]);
    paths(x, [...at, k], out);
  }
  return out;
}

function edited(root: unknown, path: Path, edit: (parent: any, key: string | number) => void): unknown {
  const copy = structuredClone(root);
  let parent: any = copy;
  for (const k of path.slice(0, -1)) parent = parent[k];
  edit(parent, path[path.length - 1]);
  return copy;
}

function* mutants(): Generator<[string, unknown]> {
  const base = parse(MODEL);
  for (const p of paths(base)) {
    const at = p.join('.');
    yield [`${at} removed`, edited(base, p, (o, k) => (Array.isArray(o) ? o.splice(k as number, 1) : delete o[k]))];
    for (const v of WRONG) yield [`${at} = ${JSON.stringify(v)}`, edited(base, p, (o, k) => (o[k] = structuredClone(v)))];
  }
}

test('the model under mutation loads clean and the schema accepts it', () => {
  assert.deepEqual(parseModel(MODEL, 'm.yaml').diagnostics, []);
  assert.ok(validate(parse(MODEL)), JSON.stringify(validate.errors));
});

test('no missing or wrong-typed key of any step kind makes the loader throw; what the schema rejects, lint rejects', () => {
  const thrown: string[] = [];
  const laxer: string[] = [];
  let n = 0;
  for (const [what, model] of mutants()) {
    n++;
    let errors: boolean;
    try {
      errors = hasErrors(parseModel(stringify(model), 'm.yaml').diagnostics);
    } catch (e) {
      thrown.push(`${what}: ${(e as Error).message}`);
      continue;
    }
    if (!validate(model) && !errors) laxer.push(what);
  }
  assert.ok(n > 1000, `only ${n} mutants`);
  assert.deepEqual(thrown, []);
  assert.deepEqual(laxer, []);
});
