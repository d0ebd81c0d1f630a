export { ReferenceAgentApplication } from './agent-application.ts';
export type { AgentApplicationOptions, AgentApplicationEvents, LoginParams, InviteTarget } from './agent-application.ts';
export type { Invitation, Revocation, InviteAction, InviteBehaviour, InvitePolicy, Answer } from './invite-policy.ts';
