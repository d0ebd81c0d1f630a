/**
 * The readings of GenEM a reference Interaction Server can act out (a run's `--profile`; the models'
 * `profiles:` say what each reading expects). The server knows behaviours, not models: a profile name it
 * has nothing to act out for — one that concerns other models — leaves it as it is by default.
 */
export interface ActedReadings {
  /**
   * GenEM's table of URS Requests Delivery lists EventRouteUsed: send it to URS as the invitation goes
   * out, and not again when the agent answers or the timer expires. Default: when the delivery is filled
   * or refused (the prose).
   */
  routeUsedOnDelivery: boolean;
  /**
   * The (truncated) table of Agent Fails to Respond lists only EventRevoked toward the agent: on
   * expiry the reporting engines hear nothing (no Reporting EventRevoked, no EventPlacedInQueue).
   * Default: both, and the interaction's return to its queue (IxnLimits).
   */
  timeoutTableOnly: boolean;
}

export const DEFAULT_READINGS: Readonly<ActedReadings> = { routeUsedOnDelivery: false, timeoutTableOnly: false };

/** Profile name → what the reference Interaction Server does differently under it. */
export const ACTED_PROFILES: Readonly<Record<string, Partial<ActedReadings>>> = {
  'genem-table': { routeUsedOnDelivery: true, timeoutTableOnly: true },
};

/** What the server does under `profile` (undefined or a name it does not act out: the defaults). */
export function readingsFor(profile: string | undefined): ActedReadings {
  return { ...DEFAULT_READINGS, ...(profile !== undefined ? ACTED_PROFILES[profile] : {}) };
}

/** One line for the trace: what acting out `profile` changes, or that it changes nothing here. */
export function describeReadings(profile: string): string {
  const r = readingsFor(profile);
  const parts = [
    ...(r.routeUsedOnDelivery ? ['EventRouteUsed to URS as the invitation goes out (URS Requests Delivery\'s table)'] : []),
    ...(r.timeoutTableOnly ? ['on the delivering timer\'s expiry only EventRevoked to the agent (Agent Fails to Respond\'s table)'] : []),
  ];
  return parts.length ? parts.join('; ') : 'nothing: it has no behaviour of its own under this profile';
}
