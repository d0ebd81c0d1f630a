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
  /**
   * Transfer's and Conference's Invitation Accepted list one EventAck, which GenEM's sequence sends to
   * Agent 2: Agent 1's RequestTransfer / RequestConference gets no answer when Agent 2 joins (it still
   * gets EventError when the invitation fails). Default: EventAck to Agent 1 too [INFER].
   */
  inviterAckOnJoin: boolean;
  /**
   * Change Properties, a media server's change while an agent processes: the table lists EventAck and the
   * Interaction Management EventPropertiesChanged only, so the reporting engine hears nothing. Default:
   * the Reporting EventPropertiesChanged too (the prose: "the reporting engine is informed").
   */
  reportPropertiesToAgentChange: boolean;
  /**
   * Stop Processing version C (the agent stops): the table's EventRevoked read as version A's row has it,
   * Interaction Management to the agent, and no Reporting EventRevoked. Default: the Reporting one only.
   */
  agentStopRevokesAgent: boolean;
}

export const DEFAULT_READINGS: Readonly<ActedReadings> = {
  routeUsedOnDelivery: false,
  timeoutTableOnly: false,
  inviterAckOnJoin: true,
  reportPropertiesToAgentChange: true,
  agentStopRevokesAgent: false,
};

/** Profile name → what the reference Interaction Server does differently under it. */
export const ACTED_PROFILES: Readonly<Record<string, Partial<ActedReadings>>> = {
  'genem-table': { routeUsedOnDelivery: true, timeoutTableOnly: true, inviterAckOnJoin: false, reportPropertiesToAgentChange: false, agentStopRevokesAgent: true },
  // The models' default reading is the server's default behaviour; named so `serve --profile genem-prose` is not refused.
  'genem-prose': {},
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
    ...(r.timeoutTableOnly ? ['on the delivering timer\'s expiry only what the tables list: EventRevoked to the agent (Agent Fails to Respond), EventRevoked and EventError to the agents of a transfer or conference (Invitation Times Out)'] : []),
    ...(!r.inviterAckOnJoin ? ['no EventAck to Agent 1 when Agent 2 joins a transfer or conference (Invitation Accepted\'s table)'] : []),
    ...(!r.reportPropertiesToAgentChange ? ['no Reporting EventPropertiesChanged for a media server\'s change while an agent processes (Change Properties\' table)'] : []),
    ...(r.agentStopRevokesAgent ? ['an agent that stops processing gets EventRevoked, the reporting engine none (Stop Processing C\'s table read as A\'s)'] : []),
  ];
  if (parts.length) return parts.join('; ');
  return profile === 'genem-prose' ? "its default behaviour, which is this reading (the models' default)" : 'nothing: it has no behaviour of its own under this profile';
}
