/**
 * Frames one connection may deliver in an event-loop turn before it stops reading until the next turn.
 * Without a cap, a peer that floods is read for as long as the kernel holds data for it (libuv reads a
 * socket up to 32 times per wake-up): some 2 MB, 15,000 requests, handled before any other connection is
 * read, and the others wait hundreds of ms for an answer. At the cap reading pauses, and resumes once
 * every other socket has had its turn; the rest of the chunk in hand is still delivered.
 */
export const FRAMES_PER_TURN = 256;

/** What a budget pauses and resumes: a connection's socket, while the connection may still read. */
export interface Reading {
  setReading(on: boolean): void;
  /** False once the connection stopped reading for good (closing, closed): a turn's end does not resume it. */
  mayResume(): boolean;
}

/**
 * Budgets that counted a frame in this event-loop turn: one setImmediate for all of them, not a closure
 * and an Immediate per connection and turn (with 10,000 agents each sending a frame a turn, that was one
 * of each per frame).
 */
let spent: ReadBudget[] = [];

function endTurn(): void {
  const these = spent;
  spent = [];
  for (const b of these) b.turnEnded();
}

/** One connection's frames per event-loop turn (FRAMES_PER_TURN). */
export class ReadBudget {
  private framesThisTurn = 0;

  constructor(private readonly reading: Reading) {}

  /** A frame was read: at the cap, reading pauses until the turn ends. */
  count(): void {
    if (this.framesThisTurn++ === 0) {
      if (spent.length === 0) setImmediate(endTurn);
      spent.push(this);
    } else if (this.framesThisTurn === FRAMES_PER_TURN) this.reading.setReading(false);
  }

  /** @internal The shared turn's end (endTurn). */
  turnEnded(): void {
    const paused = this.framesThisTurn >= FRAMES_PER_TURN;
    this.framesThisTurn = 0;
    if (paused && this.reading.mayResume()) this.reading.setReading(true);
  }
}
