/** What a submitter (a media server, or an agent's desktop) puts in RequestSubmit. */
export interface SubmitParams {
  queue: string;
  mediaType: string;
  interactionType: string;
  interactionSubtype?: string;
  userData?: Record<string, unknown>;
  tenantId?: number;
  /** When UCS already created the interaction. */
  interactionId?: string;
  /** Attributes to leave out of the request (a submit without a media type: `['MediaType']`). */
  without?: readonly string[];
}

/** RequestSubmit's attributes: the defaults, the call's own, then what the call leaves out. An empty queue is left out. */
export function submitAttributes(p: SubmitParams, tenantDefault: number | null | undefined): Record<string, unknown> {
  const tenant = p.tenantId ?? (tenantDefault === null ? undefined : (tenantDefault ?? 101));
  const attrs: Record<string, unknown> = { MediaType: p.mediaType, Queue: p.queue, InteractionType: p.interactionType };
  if (tenant !== undefined) attrs.TenantId = tenant;
  if (p.interactionSubtype !== undefined) attrs.InteractionSubtype = p.interactionSubtype;
  if (p.userData !== undefined) attrs.UserData = p.userData;
  if (p.interactionId !== undefined) attrs.InteractionId = p.interactionId;
  if (p.queue === '') delete attrs.Queue;
  for (const name of p.without ?? []) delete attrs[name];
  return attrs;
}
