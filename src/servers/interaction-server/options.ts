import type { Catalog } from '../../catalog/catalog.ts';
import { TIMERS, timerRangeProblem } from '../../catalog/registry.ts';
import type { WireObserver } from '../../transport/types.ts';
import { readingsFor, type ActedReadings } from './profiles.ts';

/**
 * Deliberate departures from the GenEM models, so tests can prove the harness catches non-conformance.
 * Each is one small, clearly named branch (`FAULT name`): Deliver's in delivery.ts, Transfer's in
 * transfer.ts, Conference's in conference.ts, Registration's in im-face.ts, Login/Logout's in standby.ts,
 * Disconnection's in agents.ts, Place in Queue / in Workbin's in placement.ts, Agent Pulls Interaction's
 * in pull.ts, Workbin Operations' in workbins.ts, the others in interactions.ts, stop-processing.ts,
 * properties.ts or esp.ts.
 */
export interface InteractionServerFaults {
  /** Never sends Reporting EventAgentInvited. */
  omitAgentInvited?: boolean;
  /** Sends EventRouteUsed to URS right after EventInvite, before the agent answers. */
  routeUsedBeforeAccept?: boolean;
  /** Sends EventInvite without TicketId. */
  omitTicketId?: boolean;
  /** Does not cancel the delivering timer on RequestAccept, so a late EventRevoked follows. */
  keepTimerAfterAccept?: boolean;
  /**
   * Does not cancel the delivering timer on RequestAccept either, but its expiry reaches only the
   * reporting engines (Reporting EventRevoked, EventPlacedInQueue): the agent and URS hear nothing.
   */
  keepTimerAfterAcceptReportingOnly?: boolean;
  /** Sends Reporting EventRejected to the agent application instead of the reporting engines. */
  rejectedToAgent?: boolean;
  /** Answers an accept or reject that comes after the delivering timer revoked its invitation with EventAck, as if it were still pending. */
  ackLateAnswer?: boolean;
  /** Never starts the delivering timer: an invitation waits for its answer however late it comes, and is never revoked. */
  ignoreDeliveringTimer?: boolean;
  /** Transfer accepted: never sends Reporting EventPartyRemoved for Agent 1, who keeps the interaction as far as reporting knows. */
  transferKeepsAgent1?: boolean;
  /** Conference accepted: tells only the reporting engines (Reporting EventPartyAdded), not the parties (Interaction Management EventPartyAdded). */
  conferenceTellsReportingOnly?: boolean;
  /** The last party leaves: the interaction is back in its queue, but the reporting engines never hear EventPlacedInQueue. */
  lastLeaveNotReported?: boolean;
  /** Submits: never sends Reporting EventInteractionSubmitted (GenEM Media Server / Agent Submits Interaction). */
  omitInteractionSubmitted?: boolean;
  /** Agent Submits Interaction: never sends Reporting EventPartyAdded for the submitting agent. */
  agentSubmitWithoutPartyAdded?: boolean;
  /** Stop Processing: never sends Reporting EventProcessingStopped. */
  omitProcessingStopped?: boolean;
  /** Stop Processing version B: tells URS nothing (no EventAbandoned) when a media server stops an interaction URS processes. */
  omitAbandonedToUrs?: boolean;
  /** Change Properties: sends EventPropertiesChanged for URS's changes to every media server, registered with event_properties_changed or not. */
  propertiesChangedToEveryMediaServer?: boolean;
  /** Invoke Autoresponse: never sends Reporting EventExternalServiceResponded. */
  omitExternalServiceResponded?: boolean;
  /** Registration: acknowledges RequestRegisterClient whatever its ClientType (GenEM wants EventError for an invalid client). */
  ackInvalidClient?: boolean;
  /** Registration: never disconnects a client that does not register (GenEM: when the timer expires, Interaction Server disconnects). */
  keepUnregistered?: boolean;
  /** Login/Logout: a secondary takes RequestAgentAvailable for a login and sends Reporting EventAgentLogin. */
  loginOnAvailable?: boolean;
  /** Disconnection: sends EventAgentLogout when an agent application leaves whose agent was not logged in here. */
  logoutUnknownOnDisconnect?: boolean;
  /** Placing an interaction in a queue or a workbin sends no Reporting EventPlacedInQueue. */
  omitPlacedInQueue?: boolean;
  /** Agents subscribed to a workbin get no EventWorkbinContentChanged when it changes. */
  omitWorkbinContentChanged?: boolean;
  /** Requests from the handling agent do not reset the processing timer of a pulled interaction. */
  handlingTimerNotReset?: boolean;
  /** A cancel of workbin notifications the agent never asked for gets EventAck, not EventError. */
  ackCancelNotSubscribed?: boolean;
  /** Reporting Engine Connects: the first snapshot of two agents or more stops halfway and the server closes the reporting engine's connection. */
  dropReportingEngineMidSnapshot?: boolean;
}

export type FaultName = keyof InteractionServerFaults;

export const FAULT_NAMES: readonly FaultName[] = ['omitAgentInvited', 'routeUsedBeforeAccept', 'omitTicketId', 'keepTimerAfterAccept', 'keepTimerAfterAcceptReportingOnly', 'rejectedToAgent', 'ackLateAnswer', 'ignoreDeliveringTimer',
  'transferKeepsAgent1', 'conferenceTellsReportingOnly', 'lastLeaveNotReported',
  'omitInteractionSubmitted', 'agentSubmitWithoutPartyAdded', 'omitProcessingStopped', 'omitAbandonedToUrs', 'propertiesChangedToEveryMediaServer', 'omitExternalServiceResponded',
  'ackInvalidClient', 'keepUnregistered', 'loginOnAvailable', 'logoutUnknownOnDisconnect',
  'omitPlacedInQueue', 'omitWorkbinContentChanged', 'handlingTimerNotReset', 'ackCancelNotSubscribed',
  'dropReportingEngineMidSnapshot',
];

export interface InteractionServerOptions {
  /** Participant name in traces (default `IS1`). */
  name?: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (a free port). */
  port?: number;
  /** The access token clients present as `?token=`; required to listen off loopback (transport/access.ts). Its URLs carry it. */
  token?: string;
  /**
   * The delivering-timeout option: ms an agent has to answer EventInvite. Configuration, so only what
   * the option takes: 1–86,400 s in whole seconds, default 30 s [DOC IxnLimits]; anything else is refused.
   */
  deliveringTimeoutMs?: number;
  /**
   * A run-wide override of the delivering timer (`flowcert run --timer delivering=200`, or the run's fast
   * default for the reference servers): any positive number of ms, below the documented range too, so CI
   * runs fast. Wins over deliveringTimeoutMs. The harness records it in the trace as an override.
   */
  deliveringTimeoutOverrideMs?: number;
  /**
   * The handling-timeout option: ms a pulled interaction may go without a request from its agent before it
   * is revoked (GenEM Agent Pulls Interaction). Configuration: whole minutes, 1–35,791, default 180 min
   * [DOC IxnLimits; range INFER].
   */
  handlingTimeoutMs?: number;
  /** A run-wide override of the handling timer (`--timer handling=800`, the fast default): any positive ms. Wins over handlingTimeoutMs. */
  handlingTimeoutOverrideMs?: number;
  /** Workbin types configured on the server (every agent gets one of each), e.g. `['Drafts']`. */
  workbins?: readonly string[];
  /**
   * ms a client on the Interaction Management face has to register before it is disconnected
   * (GenEM Registration: "When a timeout expires, Interaction Server disconnects"). Default 30000;
   * 0 turns it off. The public record gives no value: 30 s is chosen, like delivering-timeout.
   */
  registrationTimeoutMs?: number;
  /** Answer RequestAccept with EventAck (default true; reference §6: GenEM lists none, PSDK clients wait for it). */
  ackAccept?: boolean;
  /**
   * The protocol of the EventCurrentAgentStatus relayed to an agent application (GenEM Reporting Engine
   * Connects): `Reporting` (default) — "the same event" the reporting engine sent, as seed 000's table
   * lists it [DOC]; or `InteractionManagement` — the form reference §1.4 and PSDK clients know [CODE].
   */
  agentStatusProtocol?: AgentStatusProtocol;
  /** First four hex digits of every interaction id, so two servers in one run never share ids (default `0001`). */
  interactionIdPrefix?: string;
  /** Records every connection of this server (both faces). */
  observer?: WireObserver;
  catalog?: Catalog;
  maxFrameBytes?: number;
  recordRaw?: boolean;
  /** Unsent bytes queued toward one client before the server closes its connection as flooding (BACKLOG_EXCEEDED); default 8 MiB. */
  maxBacklogBytes?: number;
  faults?: InteractionServerFaults | readonly FaultName[];
  /** The reading of GenEM to act out (a run's --profile; profiles.ts): a name it has no behaviour for changes nothing. */
  profile?: string;
}

export type AgentStatusProtocol = 'Reporting' | 'InteractionManagement';

export const AGENT_STATUS_PROTOCOLS: readonly AgentStatusProtocol[] = ['Reporting', 'InteractionManagement'];

export interface ResolvedOptions {
  name: string;
  /** The delivering timer in effect: the override when there is one, else the configured delivering-timeout. */
  deliveringTimeoutMs: number;
  /** True when deliveringTimeoutMs is a run override, not configuration. */
  deliveringTimeoutOverridden: boolean;
  /** The handling timer in effect: the override when there is one, else the configured handling-timeout. */
  handlingTimeoutMs: number;
  handlingTimeoutOverridden: boolean;
  registrationTimeoutMs: number;
  ackAccept: boolean;
  agentStatusProtocol: AgentStatusProtocol;
  interactionIdPrefix: string;
  faults: Required<InteractionServerFaults>;
  readings: ActedReadings;
}

export function resolveOptions(opts: InteractionServerOptions): ResolvedOptions {
  const prefix = opts.interactionIdPrefix ?? '0001';
  if (!/^[0-9A-F]{4}$/.test(prefix)) throw new Error(`interactionIdPrefix must be four upper-case hex digits, got ${JSON.stringify(prefix)}`);
  const configured = opts.deliveringTimeoutMs ?? 30_000;
  const outOfRange = timerRangeProblem('delivering', configured);
  if (outOfRange) {
    throw new Error(`deliveringTimeoutMs: ${outOfRange}. For a faster test run, give it as a run override instead (deliveringTimeoutOverrideMs; flowcert run --timer delivering=${configured})`);
  }
  const override = opts.deliveringTimeoutOverrideMs;
  if (override !== undefined && !(Number.isFinite(override) && override > 0)) {
    throw new Error(`deliveringTimeoutOverrideMs must be a positive number of ms, got ${override}`);
  }
  const handling = resolveTimer('handling', 'handlingTimeoutMs', opts.handlingTimeoutMs, opts.handlingTimeoutOverrideMs);
  const agentStatusProtocol = opts.agentStatusProtocol ?? 'Reporting';
  if (!AGENT_STATUS_PROTOCOLS.includes(agentStatusProtocol)) {
    throw new Error(`agentStatusProtocol must be ${AGENT_STATUS_PROTOCOLS.join(' or ')}, got ${JSON.stringify(agentStatusProtocol)}`);
  }
  return {
    name: opts.name ?? 'IS1',
    deliveringTimeoutMs: override ?? configured,
    deliveringTimeoutOverridden: override !== undefined,
    handlingTimeoutMs: handling.ms,
    handlingTimeoutOverridden: handling.overridden,
    registrationTimeoutMs: opts.registrationTimeoutMs ?? 30_000,
    ackAccept: opts.ackAccept ?? true,
    agentStatusProtocol,
    interactionIdPrefix: prefix,
    faults: resolveFaults(opts.faults),
    readings: readingsFor(opts.profile),
  };
}

/** A timer option: configuration inside the documented range, or a run override of any positive ms (which wins). */
function resolveTimer(name: string, option: string, configured: number | undefined, override: number | undefined): { ms: number; overridden: boolean } {
  const value = configured ?? TIMERS[name].defaultMs;
  const problem = timerRangeProblem(name, value);
  if (problem) throw new Error(`${option}: ${problem}. For a faster test run, give it as a run override instead (${option.replace(/Ms$/, 'OverrideMs')}; flowcert run --timer ${name}=${value})`);
  if (override !== undefined && !(Number.isFinite(override) && override > 0)) throw new Error(`${option.replace(/Ms$/, 'OverrideMs')} must be a positive number of ms, got ${override}`);
  return { ms: override ?? value, overridden: override !== undefined };
}

function resolveFaults(f: InteractionServerOptions['faults']): Required<InteractionServerFaults> {
  const out: Required<InteractionServerFaults> = {
    omitAgentInvited: false,
    routeUsedBeforeAccept: false,
    omitTicketId: false,
    keepTimerAfterAccept: false,
    keepTimerAfterAcceptReportingOnly: false,
    rejectedToAgent: false,
    ackLateAnswer: false,
    ignoreDeliveringTimer: false,
    transferKeepsAgent1: false,
    conferenceTellsReportingOnly: false,
    lastLeaveNotReported: false,
    omitInteractionSubmitted: false,
    agentSubmitWithoutPartyAdded: false,
    omitProcessingStopped: false,
    omitAbandonedToUrs: false,
    propertiesChangedToEveryMediaServer: false,
    omitExternalServiceResponded: false,
    ackInvalidClient: false,
    keepUnregistered: false,
    loginOnAvailable: false,
    logoutUnknownOnDisconnect: false,
    omitPlacedInQueue: false,
    omitWorkbinContentChanged: false,
    handlingTimerNotReset: false,
    ackCancelNotSubscribed: false,
    dropReportingEngineMidSnapshot: false,
  };
  if (f === undefined) return out;
  if (Array.isArray(f)) {
    for (const name of f as readonly string[]) {
      if (!(FAULT_NAMES as readonly string[]).includes(name)) throw new Error(`unknown Interaction Server fault "${name}"; known faults: ${FAULT_NAMES.join(', ')}`);
      out[name as FaultName] = true;
    }
    return out;
  }
  for (const [name, on] of Object.entries(f)) {
    if (!(FAULT_NAMES as readonly string[]).includes(name)) throw new Error(`unknown Interaction Server fault "${name}"; known faults: ${FAULT_NAMES.join(', ')}`);
    out[name as FaultName] = on === true;
  }
  return out;
}
