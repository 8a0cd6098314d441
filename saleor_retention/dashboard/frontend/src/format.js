// Numbers and money as the Dashboard user reads them (the AppBridge locale).

/** Returns `amount` of `currency` formatted for `locale` ("$36.00" in English). */
export function formatMoney(amount, currency, locale) {
  try {
    return new Intl.NumberFormat(locale, { style: "currency", currency }).format(amount);
  } catch {
    // An unknown locale or currency code still shows the figure.
    return `${amount.toFixed(2)} ${currency}`;
  }
}

/** Returns "1 order", "3 orders". */
export function countOf(count, singular, plural, locale) {
  const number = new Intl.NumberFormat(locale).format(count);
  return `${number} ${count === 1 ? singular : plural}`;
}

/** Returns `part` with its share of `whole` ("3 (42%)"), or `part` alone when `whole` is 0. */
export function withShare(part, whole) {
  return whole ? `${part} (${Math.round((100 * part) / whole)}%)` : `${part}`;
}

/** Returns the ISO time `iso` as a date and time for `locale` ("Nov 16, 2026, 3:00 PM"). */
export function formatDateTime(iso, locale) {
  const date = new Date(iso);
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" })
      .format(date);
  } catch {
    return date.toISOString();
  }
}

/** Returns an enum value as words: "REMINDER_SENT" → "Reminder sent". */
export function enumWords(value) {
  const words = value.toLowerCase().replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
