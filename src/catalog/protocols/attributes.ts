import type { AttrDef, AttrType } from '../types.ts';

/**
 * Builders for attribute definitions, so the protocol tables read as tables.
 * Attribute names everywhere are the PSDK property names (reference §1.3, §1.4).
 */

function attr(type: AttrType, required: boolean, description?: string, extra?: Partial<AttrDef>): AttrDef {
  const d: AttrDef = { type, required };
  if (description) d.description = description;
  return extra ? { ...d, ...extra } : d;
}

export const req = {
  string: (description?: string) => attr('string', true, description),
  int: (description?: string) => attr('int', true, description),
  bool: (description?: string) => attr('bool', true, description),
  kv: (description?: string, fields?: Record<string, AttrDef>) => attr('kv', true, description, fields ? { fields } : undefined),
  timestamp: (description?: string) => attr('timestamp', true, description),
  list: (description?: string) => attr('list', true, description),
  oneOf: (values: readonly string[], description?: string) => attr('string', true, description, { enum: values }),
};

export const opt = {
  string: (description?: string) => attr('string', false, description),
  int: (description?: string) => attr('int', false, description),
  bool: (description?: string) => attr('bool', false, description),
  kv: (description?: string, fields?: Record<string, AttrDef>) => attr('kv', false, description, fields ? { fields } : undefined),
  timestamp: (description?: string) => attr('timestamp', false, description),
  list: (description?: string) => attr('list', false, description),
  oneOf: (values: readonly string[], description?: string) => attr('string', false, description, { enum: values }),
};

/** PSDK ReasonInfo as a KV list (reference §1.3, RequestNotReadyForMedia). */
export const reasonFields: Record<string, AttrDef> = {
  ReasonSystemName: opt.string('system name of the reason'),
  ReasonDescription: opt.string('free-text description'),
  Reason: opt.int('reason code'),
};

export const reason = () => opt.kv('ReasonInfo: ReasonSystemName, ReasonDescription, Reason (int)', reasonFields);
export const proxyClientId = () => opt.int('proxy sub-client id; 0 or absent for a client that is not a proxy');
export const userData = () => opt.kv('user data attached to the interaction (KV list)');
export const extension = () => opt.kv('extension KV list');

/** Shared by the Reporting and Interaction Management EventCurrentAgentStatus: GenEM says it is the same event. */
export function currentAgentStatusAttributes(): Record<string, AttrDef> {
  return {
    AgentId: req.string('agent whose status this is'),
    PlaceId: req.string('place the agent is logged in at'),
    MediaStateList: req.kv('media name → int status (1 Ready, 0 NotReady; other values possible)'),
    DonotDisturb: opt.bool('do-not-disturb is on'),
  };
}
