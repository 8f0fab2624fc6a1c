// The data clock: the instant `t` as of which every answer is computed (reading 32 of the project's decisions).
// It starts at `now` and runs at `speed` × the wall clock (real), or stays at `now` (frozen). `t` is quantised to
// whole seconds (CLOCK_QUANTUM_MS), so that replicas with the same options that answer within the same second
// answer the same instant, with the same bytes.

export const CLOCK_QUANTUM_MS = 1000;
export const CLOCK_MODES = ['real', 'frozen'] as const;
export type ClockMode = (typeof CLOCK_MODES)[number];
export const MAX_SPEED = 1_000_000;

export interface DataClock {
  readonly mode: ClockMode;
  readonly speed: number;
  /** The instant the clock started at (quantised). */
  readonly startMs: number;
  /** The current instant t, quantised. */
  instant(): number;
}

export function quantise(ms: number): number {
  return Math.floor(ms / CLOCK_QUANTUM_MS) * CLOCK_QUANTUM_MS;
}

/** A clock that starts at `startMs` when created; `wall` is the wall clock in ms (tests move it). */
export function createDataClock(
  startMs: number,
  mode: ClockMode,
  speed: number,
  wall: () => number,
): DataClock {
  const start = quantise(startMs);
  const wallStart = wall();
  return {
    mode,
    speed,
    startMs: start,
    instant:
      mode === 'frozen' ? () => start : () => quantise(startMs + Math.max(0, wall() - wallStart) * speed),
  };
}
