// Durations (SPEC §6): a number, decimals allowed, and a unit — `20m`, `1.5h`, `30d`.
// Used by --session-timeout, --lookback (which also takes `session`) and --half-life.
//
// Event times are whole milliseconds, so every comparison with a duration is between
// integers once the duration is rounded down to whole milliseconds: `gap > 1.0004s`
// holds exactly when `gap > 1000`, and `Δ ≤ 1.0004s` exactly when `Δ ≤ 1000`. The
// rounding is done on the decimal text with BigInt, never on a binary float (1.1s is
// 1100 ms, not 1100.0000000000002).

export const DURATION_UNITS_MS = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
} as const;

export type DurationUnit = keyof typeof DURATION_UNITS_MS;

export interface Duration {
  /** As written, e.g. "1.5h". */
  text: string;
  /** Whole milliseconds, rounded down: what comparisons with event times use. */
  wholeMs: number;
  /** Milliseconds as a float (the half-life of time decay). */
  ms: number;
}

export type Lookback = { kind: 'session'; text: 'session' } | { kind: 'window'; text: string; duration: Duration };

/** A duration or lookback option that cannot be read; the message says why and what is expected. */
export class DurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DurationError';
  }
}

const DURATION = /^(\d+)(?:\.(\d+))?(ms|s|m|h|d|w)$/;
const EXPECTED = 'expected a number and a unit (ms, s, m, h, d or w), such as 20m or 1.5h';

/** Parses a duration; `what` names it in the error ("session timeout", …). */
export function parseDuration(text: string, what = 'duration'): Duration {
  const match = DURATION.exec(text.trim());
  if (match === null) throw new DurationError(`invalid ${what} ${JSON.stringify(text)}: ${EXPECTED}`);
  const fraction = match[2] ?? '';
  const unitMs = BigInt(DURATION_UNITS_MS[match[3] as DurationUnit]);
  const scaled = BigInt(match[1]! + fraction) * unitMs; // the value × 10^fraction.length, in ms
  const scale = 10n ** BigInt(fraction.length);
  const whole = scaled / scale;
  const wholeMs = Number(whole);
  // The decimal text of the exact quotient, which Number reads correctly rounded
  // (dividing two doubles gives ∞/∞ once the fraction has 309 digits).
  const ms = fraction === '' ? wholeMs : Number(`${whole}.${(scaled % scale).toString().padStart(fraction.length, '0')}`);
  if (!Number.isFinite(ms)) throw new DurationError(`invalid ${what} ${JSON.stringify(text)}: too large`);
  return { text: text.trim(), wholeMs, ms };
}

/** Parses a duration that must be more than zero (the half-life). */
export function parsePositiveDuration(text: string, what = 'duration'): Duration {
  const duration = parseDuration(text, what);
  if (duration.ms <= 0) throw new DurationError(`invalid ${what} ${JSON.stringify(text)}: must be more than zero`);
  return duration;
}

/** `session`, or a duration. */
export function parseLookback(text: string): Lookback {
  if (text.trim() === 'session') return { kind: 'session', text: 'session' };
  const match = DURATION.exec(text.trim());
  if (match === null) {
    throw new DurationError(`invalid lookback ${JSON.stringify(text)}: expected "session" or a number and a unit (ms, s, m, h, d or w), such as 30d`);
  }
  const duration = parseDuration(text, 'lookback');
  return { kind: 'window', text: duration.text, duration };
}
