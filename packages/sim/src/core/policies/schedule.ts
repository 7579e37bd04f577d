import type { ScheduleEntry } from '../schema.js';

/** Emission of `epoch` from a table of epoch ranges; the first entry covering it wins, else 0. */
export function scheduleEmission(schedule: readonly ScheduleEntry[], epoch: number): number {
  for (const e of schedule) {
    if (epoch >= e.fromEpoch && (e.toEpoch === undefined || epoch < e.toEpoch))
      return e.emissionPerEpoch;
  }
  return 0;
}

/** A halving table: `initial` per epoch for `period` epochs, halved each period, `halvings` times. */
export function halvingSchedule(
  initial: number,
  period: number,
  halvings: number,
): ScheduleEntry[] {
  const out: ScheduleEntry[] = [];
  for (let i = 0; i <= halvings; i++) {
    const entry: ScheduleEntry = { fromEpoch: i * period, emissionPerEpoch: initial / 2 ** i };
    if (i < halvings) entry.toEpoch = (i + 1) * period;
    out.push(entry);
  }
  return out;
}
