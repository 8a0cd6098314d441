// Numbers and money as the Dashboard user reads them (the AppBridge locale). Counted words
// ("1 order", "2 orders") are ICU plural messages of the screens, which know the language.

/** Returns `amount` of `currency` formatted for `locale` ("$36.00" in English). */
export function formatMoney(amount, currency, locale) {
  try {
    return new Intl.NumberFormat(locale, { style: "currency", currency }).format(amount);
  } catch {
    // An unknown locale or currency code still shows the figure.
    return `${amount.toFixed(2)} ${currency}`;
  }
}

/** Returns `count` written for `locale` ("1,234"; "1 234" in Russian). */
export function formatCount(count, locale) {
  try {
    return new Intl.NumberFormat(locale).format(count);
  } catch {
    return `${count}`;
  }
}

/** Returns `part` with its share of `whole`, for `locale` ("3 (42%)"; "3 (42 %)" in
 * Russian), or `part` alone when `whole` is 0. */
export function withShare(part, whole, locale) {
  if (!whole) return formatCount(part, locale);
  let share;
  try {
    share = new Intl.NumberFormat(locale, { style: "percent" }).format(part / whole);
  } catch {
    share = `${Math.round((100 * part) / whole)}%`;
  }
  return `${formatCount(part, locale)} (${share})`;
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
