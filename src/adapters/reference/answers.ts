import { RequestRefusedError } from '../../servers/index.ts';
import type { Stimulus, StimulusResult } from '../stimulus.ts';

/**
 * Stimuli that are done once their request is answered, whatever the answer (stop-processing,
 * change-properties, invoke-service): an EventError is the server's answer, for the flow check to judge,
 * not a failure of the participant. No answer at all (a timeout, a closed connection) is a failure.
 */
export async function answered(send: () => Promise<{ message: string }>): Promise<StimulusResult> {
  try {
    const answer = await send();
    return { status: 'done', data: { answer: answer.message } };
  } catch (err) {
    if (err instanceof RequestRefusedError) return { status: 'done', data: { answer: err.answer.message, errorCode: err.errorCode, description: err.description } };
    throw err;
  }
}

/** A submit: done with the new interaction's id; refused, done only when the stimulus said it may be (mayBeRefused). */
export async function submitted(s: Extract<Stimulus, { kind: 'submit' }>, send: () => Promise<string>): Promise<StimulusResult> {
  try {
    return { status: 'done', data: { interactionId: await send() } };
  } catch (err) {
    if (s.mayBeRefused && err instanceof RequestRefusedError) return { status: 'done', data: { refused: { errorCode: err.errorCode, description: err.description } } };
    throw err;
  }
}
