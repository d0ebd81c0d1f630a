/**
 * Seed 003's "Agent Status Events" table, row by row: the T-Library agent event on an IVR port and
 * the MonitorInfo Agent Status it becomes. A query's answer adds Unknown (the switch may not know).
 */
export const AGENT_EVENT_STATUS: Readonly<Record<string, 'LoggedIn' | 'LoggedOut' | 'Ready' | 'NotReady'>> = {
  EventAgentLogin: 'LoggedIn',
  EventAgentLogout: 'LoggedOut',
  EventAgentReady: 'Ready',
  EventAgentNotReady: 'NotReady',
};

/** Seed 003's "Server Status Events" table: T-Library link event → MonitorInfo Server Status. */
export const LINK_EVENT_STATUS: Readonly<Record<string, 'OK' | 'Unavailable'>> = {
  EventLinkConnected: 'OK',
  EventLinkDisconnected: 'Unavailable',
};

/** AgentControl Action → the T-Library request it becomes (reference §2.18 "Agent login"; the query [INFER]). */
export const ACTION_REQUEST: Readonly<Record<string, string>> = {
  Login: 'RequestAgentLogin',
  Logout: 'RequestAgentLogout',
  Ready: 'RequestAgentReady',
  NotReady: 'RequestAgentNotReady',
  Query: 'RequestQueryAddress',
};

/**
 * An agent-state query's answer → MonitorInfo Agent Status. The T-Server says the state in words
 * (LoggedOut, LoggedIn, Ready, NotReady, Unknown) [INFER]; anything else is Unknown, which the harness
 * treats as LoggedOut (seed 003).
 */
export function queriedStatus(state: unknown): 'LoggedIn' | 'LoggedOut' | 'Ready' | 'NotReady' | 'Unknown' {
  return state === 'LoggedIn' || state === 'LoggedOut' || state === 'Ready' || state === 'NotReady' ? state : 'Unknown';
}
