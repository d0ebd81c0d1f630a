import type { StimulusKind } from './stimulus.ts';

/**
 * The selector map of a web desktop: where on its page each thing a person does or reads is. Values are
 * Playwright selectors (CSS by default; `text=…`, `xpath=…` work too). `{media}` in a value stands for
 * a media name (`#status-{media}` → `#status-email`).
 */
export const SELECTOR_KEYS = {
  registered: 'shown once the page has registered with the Interaction Server (start waits for it)',
  agent: 'the agent id field (login fills it)',
  place: 'the place field (login fills it)',
  media: 'the media: a field filled with the names comma-separated, or with {media} a checkbox checked per medium',
  tenant: 'the tenant field (login fills it when the scenario gives a tenant)',
  login: 'the log-in button',
  loggedIn: 'shown once the agent is logged in (login is done then)',
  logout: 'the log-out button (logout is done once loggedIn is hidden)',
  ready: 'the Ready button of a medium ({media})',
  notReady: 'the Not Ready button of a medium ({media})',
  status: "where the agent's status for a medium is shown ({media}); its text is what the page shows",
  dnd: 'where do-not-disturb is shown; its text reads on or off',
  invitation: 'shown while an invitation waits for an answer',
  accept: 'the Accept button, inside the invitation',
  reject: 'the Reject button, inside the invitation',
  rejectReason: 'a field inside the invitation for the reason of a reject',
  busy: 'matches while a request waits for its answer (a stimulus is done once it matches nothing)',
  errors: 'each error the page shows (read into the report)',
  disconnect: 'a control that drops the connection, as a crash would',
} as const;

export type SelectorKey = keyof typeof SELECTOR_KEYS;
export type SelectorMap = Partial<Record<SelectorKey, string>>;

export const SELECTOR_KEY_NAMES = Object.keys(SELECTOR_KEYS) as SelectorKey[];

/** flowcert's reference web desktop (web/reference-desktop/index.html), the default page of a browser binding. */
export const REFERENCE_DESKTOP_SELECTORS: Required<SelectorMap> = {
  registered: 'body[data-registered="true"]',
  agent: '#agent',
  place: '#place',
  media: '#media',
  tenant: '#tenant',
  login: '#login',
  loggedIn: '#agent-panel:not([hidden])',
  logout: '#logout',
  ready: '#ready-{media}',
  notReady: '#not-ready-{media}',
  status: '#status-{media}',
  dnd: '#dnd',
  invitation: '#invitation:not([hidden])',
  accept: '#accept',
  reject: '#reject',
  rejectReason: '#reject-reason',
  busy: 'body[aria-busy="true"]',
  errors: '#errors li',
  disconnect: '#disconnect',
};

/** Which stimuli a selector map lets a person carry out: what a browser participant claims unless its binding says. */
export function capabilitiesOf(s: SelectorMap): StimulusKind[] {
  const caps: StimulusKind[] = [];
  if (s.agent && s.place && s.login && s.loggedIn) caps.push('login');
  if (s.logout && s.loggedIn) caps.push('logout');
  if (s.ready) caps.push('ready');
  if (s.notReady) caps.push('not-ready');
  if (s.invitation && s.accept) caps.push('accept');
  if (s.invitation && s.reject) caps.push('reject');
  if (s.invitation) caps.push('ignore');
  if (s.disconnect) caps.push('disconnect');
  return caps;
}

/** The keys a stimulus needs, so a binding that claims it without them is told at load time. */
export const NEEDED_FOR: Partial<Record<StimulusKind, SelectorKey[]>> = {
  login: ['agent', 'place', 'login', 'loggedIn'],
  logout: ['logout', 'loggedIn'],
  ready: ['ready'],
  'not-ready': ['notReady'],
  accept: ['invitation', 'accept'],
  reject: ['invitation', 'reject'],
  ignore: ['invitation'],
  disconnect: ['disconnect'],
};

export function withMedia(selector: string, media: string): string {
  return selector.replaceAll('{media}', media);
}
