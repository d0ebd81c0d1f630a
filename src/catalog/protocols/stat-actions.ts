import type { AttrDef, MessageDef } from '../types.ts';
import { opt, req } from './attributes.ts';

/**
 * StatActions: flowcert's own protocol, NOT a Genesys wire protocol. A Stat Server publishes the
 * media-channel actions it derives from Reporting events (seed 001; the table in
 * src/servers/stat-server/action-table.ts) to the harness's actions observer, so the trace records them
 * like any other message and a model or a step can check them. Genesys Stat Server exposes actions only
 * through the statistics built on them; a Stat Server under test speaks this protocol only if its adapter
 * translates.
 *
 * Attribute names are the seed's own (InteractionID, MediaTypeID, AgentID ...), not the PSDK casing of
 * the Reporting events they come from, so a reader finds them in the seed's table as written.
 */

const SOURCE = '[flowcert] not a Genesys protocol; action names and kinds: [DOC] seed 001, Stat Server Actions for Media-Channels';
const KINDS = ['durable-non-interaction', 'durable-interaction', 'momentary', 'retrospective'] as const;

/** Seed 001, "Attributes of Media-Channel Actions": every one an action may carry. */
function seedAttributes(): Record<string, AttrDef> {
  return {
    InteractionID: opt.string('the interaction (interaction-related actions)'),
    MediaTypeID: opt.string('media type'),
    EventTime: req.timestamp('when the Reporting event behind this record occurred (UTC)'),
    PlaceID: opt.string('place of the agent'),
    TenantID: opt.int('tenant'),
    AgentID: req.string('the agent the action is about'),
    RouterID: opt.string('router whose request caused it'),
    StrategyID: opt.string('strategy whose execution caused it'),
    MediaServerID: opt.string('media server whose request caused it'),
    Queue: opt.string('queue'),
    ParentInteractionID: opt.string('parent interaction of a child (a response)'),
    Reason: opt.kv('reason for the condition'),
    UserData: opt.kv('user data of the interaction'),
    AddedProperties: opt.kv('added properties'),
    ChangedProperties: opt.kv('changed properties'),
    DeletedProperties: opt.list('deleted properties'),
    WorkbinTypeID: opt.string('workbin type'),
    WorkbinAgentID: opt.string('agent owning the workbin'),
    WorkbinGroupID: opt.string('agent group owning the workbin'),
    ViewID: opt.string('view the agent pulled through'),
    TargetAgentID: opt.string('the agent who pulled'),
    TargetPlaceID: opt.string('the place pulled to'),
  };
}

function action(name: string, description: string, times: Record<string, AttrDef>): MessageDef {
  return {
    protocol: 'StatActions',
    name,
    kind: 'event',
    senders: ['StatServer'],
    receivers: ['ActionsObserver'],
    pairing: 'none',
    attributes: { Action: req.string('the action (seed 001 name)'), Kind: req.oneOf(KINDS, 'the action\'s kind (seed 001)'), ...times, ...seedAttributes() },
    description,
    source: SOURCE,
    note: 'flowcert\'s framing: a durable action is published when it starts and when it ends; a momentary one when it occurs; a retrospective one once, when it is over, with the interval it covers. A durable action in progress when the observer connects is published as started, with its original StartTime.',
  };
}

export const statActions: readonly MessageDef[] = [
  action('ActionStarted', 'A durable action started.', { StartTime: req.timestamp('when it started') }),
  action('ActionEnded', 'A durable action ended.', { StartTime: req.timestamp('when it started'), EndTime: req.timestamp('when it ended') }),
  action('ActionOccurred', 'A momentary action happened.', { StartTime: req.timestamp('when it happened') }),
  action('ActionRecorded', 'A retrospective action, recorded once over.', { StartTime: req.timestamp('when the interval it covers began'), EndTime: req.timestamp('when it ended (the event that produced the record)') }),
];
