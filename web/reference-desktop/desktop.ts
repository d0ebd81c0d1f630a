// flowcert's reference agent desktop as a web page: what a person sees of an agent application. It
// speaks the README's wire format (one JSON envelope per WebSocket text frame) to one Interaction
// Server's `/` face, and knows nothing of flowcert's code: the architecture check holds web/ to
// importing only web/ (test/architecture.test.ts).
//
// The page's URL says what to reach: `?server=ws://127.0.0.1:PORT/` (the Interaction Server's `im`
// face), `participant=` (how it names itself: ClientName), `delivering=` (the delivering timer in ms,
// for the countdown; EventInvite does not carry it), and `agent=`, `place=`, `media=` to prefill the form.
//
// What it shows, and the ids the browser adapter's default selector map reads (src/adapters/
// browser-selectors.ts): the agent's status per media from EventCurrentAgentStatus (`#status-<media>`,
// Interaction Management or Reporting: the catalog accepts both toward an agent application) and its
// DonotDisturb (`#dnd`, on / off), the
// current invitation (`#invitation`) with Accept and Reject and the countdown, the interactions in
// hand, and every EventError. While a request waits for its answer, <body aria-busy="true">.

interface Envelope {
  protocol: string;
  message: string;
  referenceId?: number;
  attributes: Record<string, unknown>;
}

interface Invitation {
  ticketId: number;
  interactionId: string;
  mediaType: string;
  arrivedAt: number;
}

const query = new URLSearchParams(location.search);
const serverUrl = query.get('server') ?? '';
const clientName = query.get('participant') ?? 'Web desktop';
const deliveringMs = Number(query.get('delivering') ?? '30000');

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page has no #${id}`);
  return el as T;
};

let socket: WebSocket | undefined;
let nextReference = 1;
const pending = new Map<number, { message: string; settle: (answer: Envelope) => void }>();
let invitation: Invitation | undefined;
let countdownTimer: number | undefined;
/** The media the agent logged in for, in the order typed: one status row each. */
let loggedInMedia: string[] = [];

// ---------------------------------------------------------------------------------------------------
// Requests: each carries a referenceId, and the page is busy until every answer came
// ---------------------------------------------------------------------------------------------------

function busy(): void {
  document.body.setAttribute('aria-busy', pending.size > 0 ? 'true' : 'false');
}

function request(message: string, attributes: Record<string, unknown>): Promise<Envelope> {
  const referenceId = nextReference++;
  return new Promise((resolve) => {
    if (!socket || socket.readyState !== WebSocket.OPEN) {
      showError(`cannot send ${message}: not connected to the Interaction Server`);
      resolve({ protocol: 'InteractionManagement', message: 'EventError', attributes: { ErrorDescription: 'not connected' } });
      return;
    }
    pending.set(referenceId, { message, settle: resolve });
    busy();
    socket.send(JSON.stringify({ protocol: 'InteractionManagement', message, referenceId, attributes }));
  });
}

function acknowledged(answer: Envelope): boolean {
  return answer.message === 'EventAck';
}

// ---------------------------------------------------------------------------------------------------
// What the page shows
// ---------------------------------------------------------------------------------------------------

function showError(text: string): void {
  const li = document.createElement('li');
  li.className = 'error';
  li.textContent = text;
  $('errors').append(li);
}

function errorText(e: Envelope, asked?: string): string {
  const a = e.attributes;
  const code = a.ErrorCode;
  const what = String(a.ErrorDescription ?? a.ErrorMessage ?? 'no description');
  return `${asked ? `${asked}: ` : ''}EventError ${code ?? ''} ${what}`.replace(/\s+/g, ' ').trim();
}

/** 1 Ready, 0 NotReady (client code's reading; the catalog notes no official table), anything else as its number. */
function statusWord(v: unknown): string {
  if (v === 1 || v === '1') return 'Ready';
  if (v === 0 || v === '0') return 'NotReady';
  return `status ${String(v)}`;
}

function statusRow(media: string): HTMLElement {
  const existing = document.getElementById(`status-${media}`);
  if (existing) return existing;
  const tr = document.createElement('tr');
  tr.dataset.media = media;
  const name = document.createElement('td');
  name.textContent = media;
  const status = document.createElement('td');
  status.className = 'status';
  status.id = `status-${media}`;
  status.textContent = 'unknown';
  const actions = document.createElement('td');
  const ready = button(`ready-${media}`, 'Ready', () => void setReady(media, true));
  const notReady = button(`not-ready-${media}`, 'Not ready', () => void setReady(media, false));
  actions.append(ready, notReady);
  tr.append(name, status, actions);
  $('statuses').querySelector('tbody')!.append(tr);
  return status;
}

function button(id: string, text: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.id = id;
  b.textContent = text;
  b.addEventListener('click', onClick);
  return b;
}

function showInvitation(): void {
  const panel = $('invitation');
  window.clearInterval(countdownTimer);
  if (!invitation) {
    panel.hidden = true;
    return;
  }
  panel.hidden = false;
  panel.dataset.interactionId = invitation.interactionId;
  panel.querySelector('.interaction-id')!.textContent = invitation.interactionId;
  panel.querySelector('.media-type')!.textContent = invitation.mediaType;
  const shown = invitation;
  const tick = () => {
    const left = shown.arrivedAt + deliveringMs - Date.now();
    $('countdown').textContent = left > 0 ? `answer within ${(left / 1000).toFixed(1)} s` : 'the delivering timer has expired';
  };
  tick();
  countdownTimer = window.setInterval(tick, 100);
}

function addInHand(interactionId: string, mediaType: string): void {
  const li = document.createElement('li');
  li.dataset.interactionId = interactionId;
  li.textContent = `${interactionId} (${mediaType})`;
  $('interactions').append(li);
}

function removeInHand(interactionId: string): void {
  $('interactions').querySelector(`li[data-interaction-id="${CSS.escape(interactionId)}"]`)?.remove();
}

// ---------------------------------------------------------------------------------------------------
// What the agent does
// ---------------------------------------------------------------------------------------------------

async function login(): Promise<void> {
  const agent = $<HTMLInputElement>('agent').value.trim();
  const place = $<HTMLInputElement>('place').value.trim();
  const media = $<HTMLInputElement>('media').value.split(',').map((m) => m.trim()).filter(Boolean);
  const tenant = Number($<HTMLInputElement>('tenant').value || '101');
  const answer = await request('RequestAgentLogin', { TenantId: tenant, PlaceId: place, AgentId: agent, MediaList: Object.fromEntries(media.map((m) => [m, 1])) });
  if (!acknowledged(answer)) return showError(errorText(answer, 'log in'));
  loggedInMedia = media;
  $('agent-name').textContent = agent;
  $('place-name').textContent = place;
  for (const m of media) statusRow(m);
  $('login-panel').hidden = true;
  $('agent-panel').hidden = false;
}

async function logout(): Promise<void> {
  const answer = await request('RequestAgentLogout', {});
  if (!acknowledged(answer)) return showError(errorText(answer, 'log out'));
  for (const m of loggedInMedia) statusRow(m).textContent = 'LoggedOut';
  $('dnd').textContent = 'unknown';
  $('agent-panel').hidden = true;
  $('login-panel').hidden = false;
}

/** The status shown still comes from EventCurrentAgentStatus: the request's EventAck says only that it was taken. */
async function setReady(media: string, ready: boolean): Promise<void> {
  const answer = await request(ready ? 'RequestCancelNotReadyForMedia' : 'RequestNotReadyForMedia', { MediaTypeName: media });
  if (!acknowledged(answer)) showError(errorText(answer, ready ? `ready for ${media}` : `not ready for ${media}`));
}

async function answerInvitation(accept: boolean): Promise<void> {
  const inv = invitation;
  if (!inv) return;
  const reason = $<HTMLInputElement>('reject-reason').value.trim();
  const attributes: Record<string, unknown> = { TicketId: inv.ticketId, InteractionId: inv.interactionId };
  if (!accept && reason) attributes.Reason = { ReasonDescription: reason };
  invitation = undefined;
  showInvitation();
  $<HTMLInputElement>('reject-reason').value = '';
  const answer = await request(accept ? 'RequestAccept' : 'RequestReject', attributes);
  if (!acknowledged(answer)) return showError(errorText(answer, `${accept ? 'accept' : 'reject'} ${inv.interactionId}`));
  if (accept) addInHand(inv.interactionId, inv.mediaType);
}

// ---------------------------------------------------------------------------------------------------
// What the server sends
// ---------------------------------------------------------------------------------------------------

function onEnvelope(e: Envelope): void {
  const asked = e.referenceId !== undefined ? pending.get(e.referenceId) : undefined;
  if (asked && (e.message === 'EventAck' || e.message === 'EventError')) {
    pending.delete(e.referenceId!);
    busy();
    asked.settle(e);
    return;
  }
  const a = e.attributes;
  switch (e.message) {
    case 'EventInvite': {
      const interaction = (a.Interaction ?? {}) as Record<string, unknown>;
      if (typeof a.TicketId !== 'number' || typeof interaction.InteractionId !== 'string') {
        showError('EventInvite without a TicketId or an InteractionId: it cannot be answered');
        return;
      }
      invitation = { ticketId: a.TicketId, interactionId: interaction.InteractionId, mediaType: String(interaction.InteractionMediatype ?? ''), arrivedAt: Date.now() };
      showInvitation();
      return;
    }
    case 'EventRevoked': {
      const id = ((a.Interaction ?? {}) as Record<string, unknown>).InteractionId;
      if (invitation && invitation.interactionId === id) {
        invitation = undefined;
        showInvitation();
      }
      if (typeof id === 'string') removeInHand(id);
      return;
    }
    case 'EventCurrentAgentStatus': {
      const list = (a.MediaStateList ?? {}) as Record<string, unknown>;
      for (const [media, value] of Object.entries(list)) statusRow(media).textContent = statusWord(value);
      // The Stat Server sends DonotDisturb beside the media (PSDK); a status without it leaves what was shown.
      if (typeof a.DonotDisturb === 'boolean') $('dnd').textContent = a.DonotDisturb ? 'on' : 'off';
      return;
    }
    case 'EventError':
      showError(errorText(e));
      return;
  }
}

// ---------------------------------------------------------------------------------------------------
// The connection
// ---------------------------------------------------------------------------------------------------

function connect(): void {
  $('server').textContent = serverUrl || '(none: give ?server=ws://HOST:PORT/ on this page\'s URL)';
  if (!serverUrl) {
    $('connection-state').textContent = 'no server';
    $('connection-state').dataset.state = 'closed';
    return;
  }
  document.body.setAttribute('aria-busy', 'true');
  const ws = new WebSocket(serverUrl);
  socket = ws;
  ws.addEventListener('open', async () => {
    $('connection-state').textContent = 'connected';
    $('connection-state').dataset.state = 'open';
    const answer = await request('RequestRegisterClient', { ClientName: clientName, ClientType: 'AgentApplication' });
    if (!acknowledged(answer)) showError(errorText(answer, 'register'));
    document.body.dataset.registered = acknowledged(answer) ? 'true' : 'false';
  });
  ws.addEventListener('message', (m) => {
    let e: Envelope;
    try {
      e = JSON.parse(String(m.data)) as Envelope;
    } catch {
      showError(`a frame that is not JSON: ${String(m.data).slice(0, 200)}`);
      return;
    }
    onEnvelope(e);
  });
  ws.addEventListener('close', (ev) => {
    $('connection-state').textContent = `closed (${ev.code})`;
    $('connection-state').dataset.state = 'closed';
    for (const [id, p] of pending) p.settle({ protocol: 'InteractionManagement', message: 'EventError', referenceId: id, attributes: { ErrorDescription: `connection closed before ${p.message} was answered` } });
    pending.clear();
    busy();
  });
}

for (const key of ['agent', 'place', 'media'] as const) {
  const v = query.get(key);
  if (v !== null) $<HTMLInputElement>(key).value = v;
}
$('login-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  void login();
});
$('logout').addEventListener('click', () => void logout());
$('accept').addEventListener('click', () => void answerInvitation(true));
$('reject').addEventListener('click', () => void answerInvitation(false));
$('disconnect').addEventListener('click', () => socket?.close());
connect();
