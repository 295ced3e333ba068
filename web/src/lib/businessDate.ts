// Business dates (an expense's day, a vehicle's entry) are calendar days of the store where the
// business happens, not of UTC and not of the browser: at 22:30 in São Paulo it is already
// tomorrow in UTC, and a manager in Manaus may look at a São Paulo store. The store's `timeZone`
// (GET /api/v1/stores) decides; São Paulo is the server's default for a store without one.

export const DEFAULT_TIME_ZONE = 'America/Sao_Paulo';

function parts(instant: Date, timeZone: string) {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(fmt.formatToParts(instant).find((p) => p.type === type)?.value ?? 0);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The calendar day (`yyyy-MM-dd`) an instant falls on in a time zone. */
export function dateIn(instant: Date | string, timeZone: string = DEFAULT_TIME_ZONE): string {
  const p = parts(typeof instant === 'string' ? new Date(instant) : instant, timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** Today (`yyyy-MM-dd`) in a time zone. */
export function todayIn(timeZone: string = DEFAULT_TIME_ZONE, now: Date = new Date()): string {
  return dateIn(now, timeZone);
}

/**
 * The instant a calendar day starts in a time zone, as ISO 8601 (`2026-03-10` in São Paulo ->
 * `2026-03-10T03:00:00.000Z`). For an API field that takes an instant where the user picks a day.
 */
export function startOfDayIn(day: string, timeZone: string = DEFAULT_TIME_ZONE): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) throw new RangeError(`not a yyyy-MM-dd day: ${day}`);
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // The zone's offset at that wall time, corrected once more across an offset change.
  let instant = wall;
  for (let i = 0; i < 2; i++) {
    const p = parts(new Date(instant), timeZone);
    const seen = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    instant -= seen - wall;
  }
  return new Date(instant).toISOString();
}
