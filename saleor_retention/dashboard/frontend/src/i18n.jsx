// The pages speak the Dashboard's language: the AppBridge `locale` (the frame URL's `locale`,
// then the `localeChanged` event) picks the catalog. Every text is a react-intl message whose
// `defaultMessage` is the English; the other languages' catalogs are in locales/. A language
// or message without a translation falls back to English.
import { IntlProvider } from "react-intl";

import { CATALOGS as MESSAGES } from "./locales/index.js";

/** The languages the pages are translated into, English first. */
export const LANGUAGES = ["en", ...Object.keys(MESSAGES).sort()];

/** Returns the catalog language for a Dashboard locale ("pt-BR" → "pt"), or "en". */
export function languageOf(locale) {
  const language = String(locale || "en").split(/[-_]/)[0].toLowerCase();
  return MESSAGES[language] ? language : "en";
}

/** Gives the screens `useIntl()` in the Dashboard's locale; numbers, money and dates follow
 * the full locale ("pt-BR"), the texts its language's catalog. */
export function Translated({ locale, children }) {
  const language = languageOf(locale);
  return (
    <IntlProvider locale={locale || "en"} defaultLocale="en" messages={MESSAGES[language]}
      onError={(error) => {
        // English has no catalog: its defaultMessage is the text.
        if (error.code !== "MISSING_TRANSLATION") console.error(error);
      }}>
      {children}
    </IntlProvider>
  );
}
