// Connects to the Dashboard, follows its theme, and shows the page's screen once the
// Dashboard has given a token.
import { Box, Spinner, Text, ThemeProvider, useTheme } from "@saleor/macaw-ui";
import { useEffect, useState } from "react";
import { FormattedMessage } from "react-intl";

import { connectToDashboard } from "./bridge.js";
import { languageOf, Translated } from "./i18n.jsx";
import { CartRecovery } from "./screens/CartRecovery.jsx";
import { CustomerCheckouts } from "./screens/CustomerCheckouts.jsx";
import { NotYetBuilt } from "./screens/NotYetBuilt.jsx";
import { OrderWidget } from "./screens/OrderWidget.jsx";
import { OutsideDashboard } from "./screens/OutsideDashboard.jsx";

const SCREENS = {
  overview: CartRecovery,
  "order-widget": OrderWidget,
  customer: CustomerCheckouts,
};

function themeOf(state) {
  if (state?.theme) return state.theme;
  return new URL(window.location.href).searchParams.get("theme") === "dark" ? "dark" : "light";
}

/** Applies the Dashboard's theme ("light" | "dark") to macaw-ui and to <html>. */
function FollowTheme({ theme }) {
  const { setTheme } = useTheme();
  useEffect(() => {
    setTheme(theme === "dark" ? "defaultDark" : "defaultLight");
    document.documentElement.dataset.theme = theme;
    document.documentElement.style.colorScheme = theme;
  }, [theme, setTheme]);
  return null;
}

function Connecting() {
  return (
    <Box display="flex" alignItems="center" gap={3} padding={6} data-testid="connecting">
      <Spinner />
      <Text color="default2">
        <FormattedMessage id="common.connecting"
          defaultMessage="Connecting to the Saleor Dashboard…" />
      </Text>
    </Box>
  );
}

/** The Dashboard's locale: its AppBridge state, else the frame URL's `locale`, else "en". */
function localeOf(state) {
  return state?.locale || new URL(window.location.href).searchParams.get("locale") || "en";
}

export function App({ page }) {
  const [connection, setConnection] = useState({ status: "connecting", state: null });
  useEffect(() => connectToDashboard(setConnection), []);
  const theme = themeOf(connection.state);
  const locale = localeOf(connection.state);
  useEffect(() => { document.documentElement.lang = languageOf(locale); }, [locale]);
  const Screen = SCREENS[page.screen] ?? NotYetBuilt;
  return (
    <ThemeProvider defaultTheme={theme === "dark" ? "defaultDark" : "defaultLight"}>
      <Translated locale={locale}>
        <FollowTheme theme={theme} />
        {connection.status === "connecting" && <Connecting />}
        {connection.status === "outside" && <OutsideDashboard page={page} />}
        {connection.status === "ready" && <Screen page={page} state={connection.state} />}
      </Translated>
    </ThemeProvider>
  );
}
