import type { TraceRecorder } from '../../trace/recorder.ts';
import { listen } from '../../transport/server.ts';
import type { WsServerHandle } from '../../transport/server.ts';
import type { Endpoint, WireObserver } from '../../transport/types.ts';

/** The name the actions observer has in traces, models and steps. */
export const ACTIONS_OBSERVER = 'Actions Observer';

/**
 * flowcert's ear for a Stat Server's media-channel actions: a StatActions endpoint the harness offers on
 * 127.0.0.1, port 0. It only listens; the trace records what reaches it like any other connection (this
 * end records), so an action is a message from the Stat Server to the observer in the trace.
 */
export class ActionsObserverEndpoint {
  private constructor(
    private readonly server: WsServerHandle,
    readonly url: string,
  ) {}

  /** `recorder`, when given, learns of the observer as a participant (the session's trace). */
  static async start(observer: WireObserver | undefined, recorder?: TraceRecorder): Promise<ActionsObserverEndpoint> {
    if (recorder && !recorder.hasParticipant(ACTIONS_OBSERVER)) recorder.addParticipant({ name: ACTIONS_OBSERVER, role: 'ActionsObserver', binding: 'reference', adapter: 'reference' });
    const server = await listen({
      name: ACTIONS_OBSERVER,
      role: 'ActionsObserver',
      paths: ['/actions'],
      remoteRoleFor: () => 'StatServer',
      ...(observer ? { observer } : {}),
      onConnection: () => undefined,
    });
    return new ActionsObserverEndpoint(server, server.urlFor('/actions'));
  }

  get peer(): Endpoint {
    return { name: ACTIONS_OBSERVER, role: 'ActionsObserver' };
  }

  close(): Promise<void> {
    return this.server.close();
  }
}
