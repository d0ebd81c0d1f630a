import type { Node } from 'yaml';
import type { TraceMessage } from '../trace/types.ts';
import { didYouMean } from '../diagnostic/did-you-mean.ts';
import type { LoadContext } from './load-context.ts';
import type { ExpectedViolation } from './model.ts';

/**
 * `violates:` on a message step: the message must break the catalog in these ways. It lets a model say
 * "a request with a bad attribute" (a submit without a media type, sent so the server refuses it): the
 * step fits only a message that shows each finding, and those findings are then what the model expected,
 * not a protocol violation of the flow. Only attribute findings may be expected: a broken pairing or a
 * wrong direction is never part of a conformant flow.
 */
export const EXPECTABLE_VIOLATIONS: readonly ExpectedViolation[] = ['MISSING_ATTRIBUTE', 'WRONG_TYPE', 'NOT_IN_ENUM'];

export function parseViolates(ctx: LoadContext, node: Node | null): ExpectedViolation[] | undefined {
  const items = ctx.list(node, 'violates', `a list of catalog findings (${EXPECTABLE_VIOLATIONS.join(', ')})`);
  if (!items) return undefined;
  const out: ExpectedViolation[] = [];
  let ok = items.length > 0;
  if (!ok) ctx.error(node, 'FLOW_EMPTY_VIOLATES', 'violates lists no finding', { expected: `one or more of ${EXPECTABLE_VIOLATIONS.join(', ')}`, hint: 'leave violates out when the message must conform' });
  for (const item of items) {
    const code = ctx.name(item, 'a catalog finding');
    if (code === undefined) {
      ok = false;
      continue;
    }
    if (!(EXPECTABLE_VIOLATIONS as readonly string[]).includes(code)) {
      ctx.error(item, 'FLOW_UNKNOWN_VIOLATION', `${code} is not a catalog finding a model may expect`, {
        expected: `one of ${EXPECTABLE_VIOLATIONS.join(', ')} (attribute findings)`,
        hint: didYouMean(code, EXPECTABLE_VIOLATIONS),
      });
      ok = false;
      continue;
    }
    out.push(code as ExpectedViolation);
  }
  return ok ? out : undefined;
}

/** The expected findings the message does not show (empty: it shows them all). */
export function missingViolations(expected: readonly ExpectedViolation[], msg: TraceMessage): ExpectedViolation[] {
  const shown = new Set((msg.violations ?? []).filter((v) => v.severity === 'error').map((v) => v.code));
  return expected.filter((c) => !shown.has(c));
}
