/**
 * Agent capacity rules (reference §5.1 [DOC]): per media a maximum, and cross-media conditions under
 * which nothing new of that media may be routed ("chat up to 3, none while an email or a voice call is
 * in progress"). A rule's output for one agent and one media is the capacity vector [S N1 N2 N3]:
 * S the media state (R / NR), N1 the interactions in progress, N2 the maximum the rule allows with the
 * other media as they are, N3 how many more can be routed.
 */

/** Nothing new of the media while the condition holds: counts are "at least" thresholds. */
export interface BlockCondition {
  /** OR: any one threshold reached blocks. Key `any` is the total of every OTHER media (N2 is "other media unchanged"). */
  anyOf?: Record<string, number>;
  /** AND: all thresholds reached block. */
  allOf?: Record<string, number>;
}

export interface MediaLimit {
  /** Most interactions of this media at once (Genesys: default 1). */
  max: number;
  blockedBy?: BlockCondition;
}

export interface CapacityRule {
  name: string;
  /** Media the rule names; a media it does not name has max 0 (nothing of it is routed). */
  media: Record<string, MediaLimit>;
  /** Where the rule was written, for messages (a file:line:col, or "built-in"). */
  origin: string;
}

export interface CapacityVector {
  state: 'R' | 'NR';
  inProgress: number;
  max: number;
  routable: number;
}

/** `[R 1 2 1]`, as the Stat Server documentation writes it. */
export function formatVector(v: CapacityVector): string {
  return `[${v.state} ${v.inProgress} ${v.max} ${v.routable}]`;
}

/**
 * The Genesys default rule, used when no rule is assigned (reference §5.1 [DOC]): one voice interaction
 * only and nothing of any other media; when the agent works any interaction, nothing new of any type.
 * So an agent logged in for email only is never routable under it.
 */
export const GENESYS_DEFAULT_RULE: CapacityRule = {
  name: 'Default',
  media: { voice: { max: 1, blockedBy: { anyOf: { any: 1 } } } },
  origin: 'built-in (reference §5.1: the default capacity rule)',
};

/** Default_One_interaction_of_any_type_only (reference §5.1 [DOC]): email, chat, voice — none new while in any interaction. */
export const ONE_OF_ANY_TYPE_RULE: CapacityRule = {
  name: 'Default_One_interaction_of_any_type_only',
  media: {
    email: { max: 1, blockedBy: { anyOf: { any: 1 } } },
    chat: { max: 1, blockedBy: { anyOf: { any: 1 } } },
    voice: { max: 1, blockedBy: { anyOf: { any: 1 } } },
  },
  origin: 'built-in (reference §5.1: Default_One_interaction_of_any_type_only)',
};

export const BUILT_IN_RULES: readonly CapacityRule[] = [GENESYS_DEFAULT_RULE, ONE_OF_ANY_TYPE_RULE];

function reached(thresholds: Record<string, number>, counts: ReadonlyMap<string, number>, others: number): boolean[] {
  return Object.entries(thresholds).map(([media, n]) => (media === 'any' ? others : (counts.get(media) ?? 0)) >= n);
}

function blocked(c: BlockCondition | undefined, counts: ReadonlyMap<string, number>, others: number): boolean {
  if (!c) return false;
  if (c.anyOf && reached(c.anyOf, counts, others).some(Boolean)) return true;
  const all = c.allOf ? reached(c.allOf, counts, others) : [];
  return all.length > 0 && all.every(Boolean);
}

/**
 * The vector for one media. `counts` are interactions in progress per media (ACW already folded in
 * when capacity-treat-acw-as-interaction is on). Do-not-disturb makes nothing routable [INFER: the
 * record names DonotDisturb beside the status, not its effect on N3].
 */
export function vectorFor(rule: CapacityRule, media: string, ready: boolean, counts: ReadonlyMap<string, number>, dnd: boolean): CapacityVector {
  let total = 0;
  for (const n of counts.values()) total += n;
  const inProgress = counts.get(media) ?? 0;
  const limit = rule.media[media];
  const max = !limit || blocked(limit.blockedBy, counts, total - inProgress) ? 0 : limit.max;
  const routable = ready && !dnd ? Math.max(0, max - inProgress) : 0;
  return { state: ready ? 'R' : 'NR', inProgress, max, routable };
}
