import { isMap, isScalar, isSeq } from 'yaml';
import type { Node } from 'yaml';
import { didYouMean } from '../diagnostic/did-you-mean.ts';
import type { Field, KeySpec } from './load-context.ts';
import type { ModelParam, SequenceStep, Step } from './model.ts';
import { isCaptureName } from './parse-matcher.ts';
import { PATTERN_KEYS, parseAllowedViolations, parsePattern, parseTiming, parseWindow } from './parse-message-step.ts';
import type { StepEnv, Vars } from './parse-message-step.ts';

/**
 * Step lists → Step trees. A step's id is its `id:` or, failing that, its phase and position:
 * `agent-accepts-delivery.2.1` is the first step inside the second step of that phase (one-of adds
 * the alternative's number: `phase.2.1.1`). Bodies of optional/repeat/for-each are `<position>.body`.
 */

const KINDS = ['message', 'any-order', 'one-of', 'optional', 'repeat', 'for-each', 'never'] as const;
type Kind = (typeof KINDS)[number];
const COMMON = ['id', 'note'];

const SPECS: Record<Kind, KeySpec> = {
  message: {
    required: ['from', 'to', 'message'],
    optional: [...COMMON, 'protocol', 'attributes', 'referenceId', 'violates', 'within', 'after', 'before', 'allowViolations'],
    order: ['id', 'from', 'to', 'message', 'protocol', 'attributes', 'referenceId', 'violates', 'within', 'after', 'before', 'allowViolations', 'note'],
    describe: { from: 'a participant id', to: 'a participant id', message: 'a message name of the catalog' },
  },
  'any-order': { required: ['any-order'], optional: COMMON },
  'one-of': { required: ['one-of'], optional: COMMON },
  optional: { required: ['optional'], optional: COMMON },
  repeat: { required: ['repeat'], optional: [...COMMON, 'times', 'min', 'max'] },
  'for-each': {
    required: ['for-each', 'in', 'steps'],
    optional: [...COMMON, 'order'],
    describe: { in: 'the name of a list param', steps: 'the steps to run once per value' },
  },
  never: { required: ['never', 'window'], optional: COMMON, describe: { window: 'a number of milliseconds, { timer, margin? } or end' } },
};

const ARTICLE: Record<Kind, string> = {
  message: 'a message step',
  'any-order': 'an any-order step',
  'one-of': 'a one-of step',
  optional: 'an optional step',
  repeat: 'a repeat step',
  'for-each': 'a for-each step',
  never: 'a never step',
};

function misplaced(kind: Kind) {
  return (key: string): string | undefined => {
    const owners = KINDS.filter((k) => k !== kind && [...SPECS[k].required, ...SPECS[k].optional].includes(key));
    return owners.length ? `${key} belongs to ${owners.map((k) => ARTICLE[k]).join(' or ')}` : undefined;
  };
}

interface Where {
  phase: string;
  /** 1-based position path inside the phase. */
  path: number[];
  vars: Vars;
}

export class StepParser {
  constructor(private readonly env: StepEnv) {}

  /** A phase's steps, as the phase body (a sequence whose id is the phase id). */
  phaseBody(node: Node | null, phase: string, keyNode: Node): SequenceStep | undefined {
    return this.sequence(node ?? keyNode, 'steps', phase, phase, [], new Map());
  }

  private sequence(node: Node, what: string, id: string, phase: string, path: number[], vars: Vars): SequenceStep | undefined {
    const steps = this.list(node, what, { phase, path, vars });
    return steps ? { kind: 'sequence', id, phase, loc: this.env.ctx.src.loc(node), steps } : undefined;
  }

  private list(node: Node, what: string, at: Where): Step[] | undefined {
    const { ctx } = this.env;
    const items = ctx.list(node, what, 'a list of steps');
    if (!items) return undefined;
    if (items.length === 0) {
      ctx.error(node, 'FLOW_EMPTY_STEPS', `${what} is an empty list`, { expected: 'a list of at least one step' });
      return undefined;
    }
    const out: Step[] = [];
    let ok = true;
    items.forEach((item, i) => {
      const s = this.step(item, { ...at, path: [...at.path, i + 1] });
      if (s) out.push(s);
      else ok = false;
    });
    return ok ? out : undefined;
  }

  private step(node: Node, at: Where): Step | undefined {
    const { ctx } = this.env;
    if (!isMap(node)) {
      ctx.wrongType(node, 'a step', 'a mapping', isSeq(node) ? 'a nested list is an alternative only inside one-of' : undefined);
      return undefined;
    }
    const kind = this.kindOf(node);
    if (!kind) return undefined;
    const fields = ctx.mapping(node, ARTICLE[kind], { ...SPECS[kind], misplaced: misplaced(kind), missing: (key) => this.missingHint(kind, key) });
    if (!fields) return undefined;
    const pos = `${at.phase}.${at.path.join('.')}`;
    const id = this.stepId(fields.get('id'), pos, node);
    const base = { id: id ?? pos, phase: at.phase, loc: ctx.src.loc(node) };
    const note = fields.get('note');
    const noteText = note ? ctx.text(note.value, 'note') : undefined;
    const withNote = noteText === undefined ? base : { ...base, note: noteText };
    const step = this.build(kind, fields, withNote, pos, at);
    return id === undefined ? undefined : step;
  }

  /** The one key saying what kind of step this is; a step with from/to but no kind key is a message step. */
  private kindOf(node: Node): Kind | undefined {
    const { ctx } = this.env;
    const keys = isMap(node) ? node.items.map((p) => p.key as Node).filter((k) => isScalar(k)) : [];
    const name = (k: Node) => String(isScalar(k) ? k.value : '');
    const present = keys.filter((k) => (KINDS as readonly string[]).includes(name(k)));
    if (present.length > 1) {
      ctx.error(present[1], 'FLOW_NOT_A_STEP', `this step mixes ${name(present[0])} and ${name(present[1])}`, {
        expected: 'one kind of step per list item',
        hint: 'make them two items of the list',
      });
      return undefined;
    }
    if (present.length === 1) return name(present[0]) as Kind;
    if (keys.some((k) => name(k) === 'from' || name(k) === 'to')) return 'message';
    const typo = keys.find((k) => didYouMean(name(k), KINDS));
    if (typo) {
      ctx.error(typo, 'FLOW_UNKNOWN_KEY', `unknown key ${name(typo)} in a step`, {
        expected: `one of ${KINDS.join(', ')}`,
        hint: didYouMean(name(typo), KINDS),
      });
    } else {
      ctx.error(node, 'FLOW_NOT_A_STEP', 'this step has none of the keys that make a step', { expected: `one of ${KINDS.join(', ')}` });
    }
    return undefined;
  }

  private stepId(field: Field | undefined, pos: string, stepNode: Node): string | undefined {
    const { ctx, ids } = this.env;
    const id = field ? ctx.name(field.value, 'id') : pos;
    if (id === undefined) return undefined;
    const here = field?.value ?? stepNode;
    const first = ids.get(id);
    if (first !== undefined) {
      const where = ctx.src.loc(first);
      ctx.error(here, 'FLOW_DUPLICATE_STEP_ID', `duplicate step id ${id}`, {
        expected: 'an id used once in the file',
        hint: `the first is at line ${where.line}, column ${where.col}; a step without id: is named by its phase and position`,
      });
      return undefined;
    }
    ids.set(id, here);
    return id;
  }

  private build(kind: Kind, f: Map<string, Field>, base: { id: string; phase: string; loc: Step['loc']; note?: string }, pos: string, at: Where): Step | undefined {
    const { ctx } = this.env;
    // A required key that is missing (or misspelt) was reported by ctx.mapping; the step is then
    // invalid, but the keys it has are still read, so the file's other mistakes are reported too.
    const body = (key: string, vars: Vars = at.vars) => {
      const field = f.get(key);
      return field ? this.sequence(field.value ?? field.key, key, `${pos}.body`, at.phase, at.path, vars) : undefined;
    };
    switch (kind) {
      case 'message': {
        const pattern = parsePattern(this.env, f, at.vars, true);
        const { timing, ok } = parseTiming(this.env, f);
        const allowed = parseAllowedViolations(this.env, f.get('allowViolations'));
        if (!pattern || !ok || allowed === null) return undefined;
        return { ...base, kind, ...pattern, ...(timing ? { timing } : {}), ...(allowed ? { allowViolations: allowed } : {}) };
      }
      case 'never': {
        const inner = ctx.mapping(f.get('never')!.value ?? f.get('never')!.key, 'the never pattern', {
          required: ['from', 'to', 'message'],
          // A never step says what must not come; that it would break the catalog adds nothing to it.
          optional: PATTERN_KEYS.filter((k) => k !== 'from' && k !== 'to' && k !== 'message' && k !== 'violates'),
          describe: SPECS.message.describe,
        });
        const pattern = inner ? parsePattern(this.env, inner, at.vars, false) : undefined;
        const window = f.has('window') ? parseWindow(this.env, f.get('window')!.value) : undefined;
        return pattern && window ? { ...base, kind, pattern, window } : undefined;
      }
      case 'any-order': {
        const steps = this.list(f.get('any-order')!.value ?? f.get('any-order')!.key, 'any-order', at);
        return steps ? { ...base, kind, steps } : undefined;
      }
      case 'optional': {
        const b = body('optional');
        return b ? { ...base, kind, body: b } : undefined;
      }
      case 'one-of':
        return this.oneOf(f.get('one-of')!, base, pos, at);
      case 'repeat': {
        const bounds = this.repeatBounds(f);
        const b = body('repeat');
        return b && bounds ? { ...base, kind, body: b, ...bounds } : undefined;
      }
      case 'for-each': {
        const variable = this.variableName(f.get('for-each')!.value);
        const inField = f.get('in');
        const param = inField ? this.listParam(inField.value) : undefined;
        const orderField = f.get('order');
        const order = orderField ? ctx.choice(orderField.value, 'order', ['sequence', 'any'] as const) : 'sequence';
        const vars = new Map(at.vars);
        if (variable !== undefined) vars.set(variable, param ?? undefined);
        const b = body('steps', vars);
        if (!b || variable === undefined || !param || !order) return undefined;
        return { ...base, kind, variable, in: param.name, order, body: b };
      }
    }
  }

  private missingHint(kind: Kind, key: string): string | undefined {
    if (kind !== 'for-each') return undefined;
    if (key === 'steps') return 'the steps each value runs, e.g. steps: [ { from: urs, to: $server, message: RequestRouteCall } ]';
    if (key !== 'in') return undefined;
    const lists = Object.values(this.env.params).filter((p) => p.type === 'list').map((p) => p.name);
    return lists.length ? `the list params of this model: ${lists.join(', ')}` : 'declare a list param under params:, e.g. servers: { type: list, role: InteractionServer }';
  }

  private oneOf(field: Field, base: { id: string; phase: string; loc: Step['loc'] }, pos: string, at: Where): Step | undefined {
    const { ctx } = this.env;
    const listNode = field.value ?? field.key;
    const alts = ctx.list(listNode, 'one-of', 'a list of alternatives, each a list of steps');
    if (!alts) return undefined;
    if (alts.length < 2) {
      ctx.error(listNode, 'FLOW_ONE_OF_TOO_FEW', `one-of needs at least two alternatives, found ${alts.length}`, {
        expected: 'a list of two or more alternatives, each a list of steps',
        hint: 'for a single alternative use optional:',
      });
      return undefined;
    }
    const alternatives: SequenceStep[] = [];
    let ok = true;
    alts.forEach((alt, k) => {
      if (!isSeq(alt)) {
        ctx.wrongType(alt, `alternative ${k + 1} of one-of`, 'a list of steps', 'write each alternative as a list: - [ {...}, {...} ]');
        ok = false;
        return;
      }
      const path = [...at.path, k + 1];
      const s = this.sequence(alt, `alternative ${k + 1} of one-of`, `${at.phase}.${path.join('.')}`, at.phase, path, at.vars);
      if (s) alternatives.push(s);
      else ok = false;
    });
    return ok ? { ...base, kind: 'one-of', alternatives } : undefined;
  }

  private repeatBounds(f: Map<string, Field>): { min: number; max: number | null } | undefined {
    const { ctx } = this.env;
    const count = (key: string, least: number): number | undefined | null => {
      const field = f.get(key);
      if (!field) return undefined;
      const v = ctx.scalar(field.value);
      if (Number.isInteger(v) && (v as number) >= least) return v as number;
      ctx.error(field.value, 'FLOW_BAD_VALUE', `${key} must be a whole number of at least ${least}, found ${JSON.stringify(v ?? null)}`, {
        expected: `a whole number of at least ${least}`,
      });
      return null;
    };
    const times = count('times', 1);
    const min = count('min', 0);
    const max = count('max', 1);
    if (times === null || min === null || max === null) return undefined;
    if (times !== undefined && (min !== undefined || max !== undefined)) {
      ctx.error(f.get('times')!.key, 'FLOW_BAD_VALUE', 'repeat takes times or min/max, not both', { expected: 'times: N, or min: N and/or max: N' });
      return undefined;
    }
    if (times !== undefined) return { min: times, max: times };
    if (min !== undefined && max !== undefined && min > max) {
      ctx.error(f.get('min')!.value, 'FLOW_BAD_RANGE', `min ${min} is greater than max ${max}`, { expected: 'min no greater than max', hint: 'swap them' });
      return undefined;
    }
    return { min: min ?? 1, max: max ?? null };
  }

  private variableName(node: Node | null): string | undefined {
    const { ctx } = this.env;
    const text = ctx.name(node, 'the for-each variable');
    if (text === undefined) return undefined;
    const name = text.replace(/^\$/, '');
    if (isCaptureName(name)) return name;
    ctx.error(node, 'FLOW_BAD_VALUE', `for-each variable ${text} is not a name`, { expected: 'letters, digits or _, e.g. for-each: server' });
    return undefined;
  }

  private listParam(node: Node | null): ModelParam | undefined {
    const { ctx, params } = this.env;
    const name = ctx.name(node, 'in');
    if (name === undefined) return undefined;
    const p = Object.hasOwn(params, name) ? params[name] : undefined;
    const lists = Object.values(params).filter((x) => x.type === 'list').map((x) => x.name);
    if (!p && this.env.declared.params.has(name)) return undefined;
    if (!p) {
      ctx.error(node, 'FLOW_UNKNOWN_PARAM', `unknown param ${name}`, {
        expected: lists.length ? `one of ${lists.join(', ')}` : 'a list param declared under params: (none is declared)',
        hint: didYouMean(name, this.env.declared.params) ?? `declare it under params:, e.g. ${name}: { type: list }`,
      });
      return undefined;
    }
    if (p.type !== 'list') {
      ctx.error(node, 'FLOW_PARAM_NOT_LIST', `param ${name} is a ${p.type}, and for-each needs a list`, { expected: lists.length ? `one of ${lists.join(', ')}` : 'a param of type list' });
      return undefined;
    }
    return p;
  }
}
