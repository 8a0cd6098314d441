// The Overview's periods and the intervals of its revenue chart, in the viewer's own time
// zone: the API groups orders by midnights of the zone the page names (`timeZone`), and the
// chart lays out the same days, weeks or months, empty ones included.

const DAY_MS = 24 * 60 * 60 * 1000;

// The Overview's period control: how many days back, and how long each bar of the chart is
// (at most a few dozen bars).
export const OVERVIEW_PERIODS = {
  7: { label: "Last 7 days", days: 7, interval: "DAY" },
  30: { label: "Last 30 days", days: 30, interval: "DAY" },
  90: { label: "Last 90 days", days: 90, interval: "WEEK" },
  365: { label: "Last 12 months", days: 365, interval: "MONTH" },
};

/** Returns the viewer's IANA time zone ("Europe/Berlin"), UTC when the browser has none. */
export function viewerTimeZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

function startOfInterval(date, interval) {
  const start = new Date(date.getFullYear(), date.getMonth(), date.getDate());
  if (interval === "WEEK") start.setDate(start.getDate() - ((start.getDay() + 6) % 7));
  if (interval === "MONTH") start.setDate(1);
  return start;
}

function nextInterval(date, interval) {
  const next = new Date(date);
  if (interval === "DAY") next.setDate(next.getDate() + 1);
  if (interval === "WEEK") next.setDate(next.getDate() + 7);
  if (interval === "MONTH") next.setMonth(next.getMonth() + 1);
  return next;
}

/** Returns the calendar date of a local `date` as "YYYY-MM-DD". */
function localDay(date) {
  const pad = (number) => String(number).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/**
 * Returns the variables of the period `key` of OVERVIEW_PERIODS ending `now`: `from` at the
 * start of the first interval, so that its first bar is a whole day, week or month.
 */
export function periodVariables(key, now = new Date()) {
  const { days, interval } = OVERVIEW_PERIODS[key];
  const from = startOfInterval(new Date(now.getTime() - (days - 1) * DAY_MS), interval);
  return { from: from.toISOString(), to: now.toISOString(), interval,
    timeZone: viewerTimeZone() };
}

/**
 * Returns one bar per interval of `variables`, oldest first: `{day, start, amount, orders}`
 * of `currency` from the API's `points`, zero where no order was recovered.
 */
export function chartBars(points, currency, { from, to, interval }) {
  // The API's `start` is midnight in the viewer's zone, written with its offset: its first
  // ten characters are that calendar date.
  const byDay = new Map(points.filter((point) => point.currency === currency)
    .map((point) => [point.start.slice(0, 10), point]));
  const bars = [];
  const end = new Date(to);
  for (let start = new Date(from); start < end; start = nextInterval(start, interval)) {
    const day = localDay(start);
    const point = byDay.get(day);
    bars.push({ day, start, amount: point?.amount ?? 0, orders: point?.orders ?? 0 });
  }
  return bars;
}
