// The pages speak the Dashboard's language: the AppBridge `locale` (the frame URL's `locale`,
// then the `localeChanged` event) picks the catalog. Every text is a react-intl message whose
// `defaultMessage` is the English; the other languages' catalogs are in locales/. A language
// or message without a translation falls back to English.
import { useMemo } from "react";
import { createIntl, createIntlCache, IntlProvider } from "react-intl";

import { CATALOGS as MESSAGES } from "./locales/index.js";

/** The languages the pages are translated into, English first. */
export const LANGUAGES = ["en", ...Object.keys(MESSAGES).sort()];

/** Returns the catalog language for a Dashboard locale ("pt-BR" → "pt"), or "en". */
export function languageOf(locale) {
  const language = String(locale || "en").split(/[-_]/)[0].toLowerCase();
  return MESSAGES[language] ? language : "en";
}

function ignoreMissingEnglish(error) {
  // English has no catalog: its defaultMessage is the text.
  if (error.code !== "MISSING_TRANSLATION") console.error(error);
}

const CACHE = createIntlCache();

function intlFor(locale) {
  return createIntl({ locale: locale || "en", defaultLocale: "en",
    messages: MESSAGES[languageOf(locale)], onError: ignoreMissingEnglish }, CACHE);
}

// The page's language for code outside React (api.js's own sentences); the page has one
// locale at a time, set by Translated.
let current = intlFor("en");

/** Returns the message `descriptor` ({id, defaultMessage}) with `values` in the page's
 * language, for code that has no `useIntl()`. */
export function translate(descriptor, values) {
  return current.formatMessage(descriptor, values);
}

/** Returns `items` as a list in the page's language ("A, B and C"). */
export function translateList(items) {
  return current.formatList(items);
}

/** Gives the screens `useIntl()` in the Dashboard's locale; numbers, money and dates follow
 * the full locale ("pt-BR"), the texts its language's catalog. */
export function Translated({ locale, children }) {
  current = useMemo(() => intlFor(locale), [locale]);
  return (
    <IntlProvider locale={current.locale} defaultLocale="en" messages={current.messages}
      onError={ignoreMissingEnglish}>
      {children}
    </IntlProvider>
  );
}
