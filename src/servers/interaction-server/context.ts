import type { Catalog } from '../../catalog/catalog.ts';
import type { MessageConnection } from '../../transport/types.ts';
import type { AgentDirectory } from './agents.ts';
import type { AgentInvitations } from './agent-invitations.ts';
import type { DeliveryManager } from './delivery.ts';
import type { EspRelay } from './esp.ts';
import type { InteractionStore } from './interactions.ts';
import type { TicketCounter } from './invitation.ts';
import type { ResolvedOptions } from './options.ts';
import type { PartyRoster } from './parties.ts';
import type { HandlingTimers } from './pull.ts';
import type { ClientRegistry } from './registration.ts';
import type { ReportingFanout } from './reporting.ts';
import type { StandbyAgents } from './standby.ts';
import type { WorkbinDirectory } from './workbins.ts';

/** The state of one Interaction Server instance, shared by its faces. */
export interface ServerContext {
  opts: ResolvedOptions;
  catalog: Catalog;
  registry: ClientRegistry;
  agents: AgentDirectory;
  /** Agents logged in on another (primary) server and available here (RequestAgentAvailable). */
  standby: StandbyAgents;
  interactions: InteractionStore;
  reporting: ReportingFanout;
  deliveries: DeliveryManager;
  /** Transfer and conference invitations (agent-invitations.ts). */
  invitations: AgentInvitations;
  /** One ticket counter for every invitation, so a TicketId says which invitation it answers. */
  tickets: TicketCounter;
  /** Who handles each interaction. */
  parties: PartyRoster;
  /** ESP requests passed on to third-party servers and not answered yet. */
  esp: EspRelay;
  /** Pulled interactions and their processing (handling) timers. */
  handling: HandlingTimers;
  workbins: WorkbinDirectory;
  /** URS connections on the T-Library face, in connection order. */
  routers: Set<MessageConnection>;
  /** Fault dropReportingEngineMidSnapshot has dropped one snapshot already (it drops one only). */
  droppedMidSnapshot?: boolean;
}
