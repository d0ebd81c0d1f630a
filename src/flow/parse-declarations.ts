import type { Node } from 'yaml';
import type { ModelParam, ModelParticipant } from './model.ts';
import type { LoadContext } from './load-context.ts';
import { ROLE_IDS, roleOf, suggestRole } from './role-names.ts';

/** The declarations steps refer to: participants, params and timers. */

const PARTICIPANT_KEYS = {
  required: ['role'],
  optional: ['name', 'description'],
  describe: { role: `one of ${ROLE_IDS.join(', ')}` },
} as const;

const PARAM_TYPES = ['list', 'string', 'number'] as const;
const PARAM_KEYS = {
  required: ['type'],
  optional: ['role', 'default', 'description'],
  describe: { type: PARAM_TYPES.join(' | ') },
} as const;

/** `declared` receives every id, valid or not, so a reference to a broken declaration is not reported again. */
export function parseParticipants(ctx: LoadContext, node: Node | null, declared: Set<string>): Record<string, ModelParticipant> {
  const out: Record<string, ModelParticipant> = {};
  const entries = ctx.entries(node, 'participants', 'a mapping of participant id to { role }');
  if (!entries) return out;
  if (entries.length === 0) ctx.error(node, 'FLOW_EMPTY', 'participants lists no participant', { expected: 'at least one participant: id: { role: ... }' });
  for (const e of entries) {
    if (e.name.startsWith('$')) {
      ctx.error(e.key, 'FLOW_BAD_VALUE', `participant id ${e.name} must not begin with $`, {
        expected: 'a name such as ixn or agent',
        hint: 'in from and to, $name stands for a for-each variable',
      });
      continue;
    }
    declared.add(e.name);
    const fields = ctx.mapping(e.value ?? e.key, `participant ${e.name}`, PARTICIPANT_KEYS);
    if (!fields) continue;
    const roleNode = fields.get('role')?.value ?? null;
    const roleText = fields.has('role') ? ctx.name(roleNode, `the role of participant ${e.name}`) : undefined;
    const role = roleText === undefined ? undefined : roleOf(roleText);
    if (roleText !== undefined && !role) {
      ctx.error(roleNode, 'FLOW_UNKNOWN_ROLE', `unknown role ${roleText}`, {
        expected: `one of ${ROLE_IDS.join(', ')}`,
        hint: suggestRole(roleText),
      });
    }
    if (!role) continue;
    const p: ModelParticipant = { id: e.name, role, loc: ctx.src.loc(e.key) };
    const name = fields.get('name');
    if (name) p.name = ctx.name(name.value, `the name of participant ${e.name}`);
    const description = fields.get('description');
    if (description) p.description = ctx.text(description.value, `the description of participant ${e.name}`);
    out[e.name] = p;
  }
  return out;
}

export function parseParams(ctx: LoadContext, node: Node | null, declared: Set<string>): Record<string, ModelParam> {
  const out: Record<string, ModelParam> = {};
  const entries = ctx.entries(node, 'params', 'a mapping of param name to { type }');
  if (!entries) return out;
  for (const e of entries) {
    declared.add(e.name);
    const what = `param ${e.name}`;
    const fields = ctx.mapping(e.value ?? e.key, what, PARAM_KEYS);
    if (!fields) continue;
    const type = fields.has('type') ? ctx.choice(fields.get('type')!.value, `the type of ${what}`, PARAM_TYPES) : undefined;
    if (!type) continue;
    const p: ModelParam = { name: e.name, type, loc: ctx.src.loc(e.key) };
    const role = fields.get('role');
    if (role) {
      const text = ctx.name(role.value, `the role of ${what}`);
      const r = text === undefined ? undefined : roleOf(text);
      if (text !== undefined && !r) {
        ctx.error(role.value, 'FLOW_UNKNOWN_ROLE', `unknown role ${text}`, {
          expected: `one of ${ROLE_IDS.join(', ')}`,
          hint: suggestRole(text),
        });
      } else if (r && type !== 'list') {
        ctx.error(role.key, 'FLOW_BAD_VALUE', `${what} has a role but is not a list`, {
          expected: 'role: only on a param of type list (a list of participants for for-each)',
          hint: 'write type: list',
        });
      } else if (r) p.role = r;
    }
    const def = fields.get('default');
    if (def) {
      const v = def.value ? def.value.toJS(ctx.src.doc) : null;
      const fits = type === 'list' ? Array.isArray(v) : typeof v === type;
      if (fits) p.default = v;
      else ctx.wrongType(def.value ?? def.key, `the default of ${what}`, type === 'list' ? 'a list' : type === 'number' ? 'a number' : 'text');
    }
    const description = fields.get('description');
    if (description) p.description = ctx.text(description.value, `the description of ${what}`);
    out[e.name] = p;
  }
  return out;
}

export function parseTimers(ctx: LoadContext, node: Node | null, declared: Set<string>): Record<string, number> {
  const out: Record<string, number> = {};
  const entries = ctx.entries(node, 'timers', 'a mapping of timer name to its default in milliseconds');
  if (!entries) return out;
  for (const e of entries) {
    declared.add(e.name);
    const ms = ctx.millis(e.value ?? e.key, `timer ${e.name}`);
    if (ms !== undefined) out[e.name] = ms;
  }
  return out;
}

/** A list of free text (notes). */
export function parseTextList(ctx: LoadContext, node: Node | null, what: string): string[] {
  const items = ctx.list(node, what, 'a list of text');
  if (!items) return [];
  const out: string[] = [];
  for (const i of items) {
    const t = ctx.text(i, `an item of ${what}`);
    if (t !== undefined) out.push(t);
  }
  return out;
}
