// The Overview's periods and the intervals of its revenue chart, in the viewer's own time
// zone: the API groups orders by midnights of the zone the page names (`timeZone`), and the
// chart lays out the same days, weeks or months, empty ones included.

// The Overview's period control: how long each bar of the chart is, and how many bars, the
// current day, week or month being the last. The `label` (a message) says exactly what is
// counted; `revenueTitle` heads the revenue card in whole words, so that a language can
// decline the period.
export const OVERVIEW_PERIODS = {
  "7d": {
    label: { id: "overview.period.last7Days", defaultMessage: "Last 7 days" },
    revenueTitle: { id: "overview.revenueTitle.last7Days",
      defaultMessage: "Recovered revenue, last 7 days" },
    interval: "DAY", count: 7,
  },
  "30d": {
    label: { id: "overview.period.last30Days", defaultMessage: "Last 30 days" },
    revenueTitle: { id: "overview.revenueTitle.last30Days",
      defaultMessage: "Recovered revenue, last 30 days" },
    interval: "DAY", count: 30,
  },
  "13w": {
    label: { id: "overview.period.last13Weeks", defaultMessage: "Last 13 weeks" },
    revenueTitle: { id: "overview.revenueTitle.last13Weeks",
      defaultMessage: "Recovered revenue, last 13 weeks" },
    interval: "WEEK", count: 13,
  },
  "12m": {
    label: { id: "overview.period.last12Months", defaultMessage: "Last 12 months" },
    revenueTitle: { id: "overview.revenueTitle.last12Months",
      defaultMessage: "Recovered revenue, last 12 months" },
    interval: "MONTH", count: 12,
  },
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

/** Returns the start of the interval `steps` intervals after the one starting at `date`
 * (before it for a negative `steps`). */
function nextInterval(date, interval, steps = 1) {
  const next = new Date(date);
  if (interval === "DAY") next.setDate(next.getDate() + steps);
  if (interval === "WEEK") next.setDate(next.getDate() + 7 * steps);
  if (interval === "MONTH") next.setMonth(next.getMonth() + steps);
  return next;
}

/** Returns the calendar date of a local `date` as "YYYY-MM-DD". */
function localDay(date) {
  const pad = (number) => String(number).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/**
 * Returns the variables of the period `key` of OVERVIEW_PERIODS ending `now`: `from` at the
 * start of its first whole day, week or month.
 */
export function periodVariables(key, now = new Date()) {
  const { count, interval } = OVERVIEW_PERIODS[key];
  const from = nextInterval(startOfInterval(now, interval), interval, 1 - count);
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
