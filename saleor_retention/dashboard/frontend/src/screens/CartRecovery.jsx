// The app page ("Cart recovery" in the Dashboard's Apps): its sections as tabs, the Overview
// first. The chosen tab is kept in the URL's hash so that a reload stays on it.
import { Box, Button } from "@saleor/macaw-ui";
import { useEffect, useState } from "react";
import { defineMessage, useIntl } from "react-intl";

import { AbandonedCheckouts } from "./AbandonedCheckouts.jsx";
import { Chains } from "./Chains.jsx";
import { Discounts } from "./Discounts.jsx";
import { Overview } from "./Overview.jsx";
import { RecoveredOrders } from "./RecoveredOrders.jsx";
import { Settings } from "./Settings.jsx";
import { Templates } from "./Templates.jsx";

const TAB_LIST = defineMessage({ id: "overview.tabList", defaultMessage: "Cart recovery" });

const SECTIONS = [
  { id: "overview", label: { id: "overview.tab.overview", defaultMessage: "Overview" },
    Screen: Overview },
  { id: "chains", label: { id: "overview.tab.chains", defaultMessage: "Chains" },
    Screen: Chains },
  { id: "templates", label: { id: "overview.tab.templates", defaultMessage: "Templates" },
    Screen: Templates },
  { id: "discounts", label: { id: "overview.tab.discounts", defaultMessage: "Discounts" },
    Screen: Discounts },
  { id: "checkouts",
    label: { id: "overview.tab.checkouts", defaultMessage: "Abandoned checkouts" },
    Screen: AbandonedCheckouts },
  { id: "orders", label: { id: "overview.tab.orders", defaultMessage: "Recovered orders" },
    Screen: RecoveredOrders },
  { id: "settings", label: { id: "overview.tab.settings", defaultMessage: "Settings" },
    Screen: Settings },
];

function sectionInHash() {
  const id = window.location.hash.slice(1);
  return SECTIONS.some((section) => section.id === id) ? id : SECTIONS[0].id;
}

export function CartRecovery({ page, state }) {
  const intl = useIntl();
  const [current, setCurrent] = useState(sectionInHash);
  useEffect(() => {
    const follow = () => setCurrent(sectionInHash());
    window.addEventListener("hashchange", follow);
    return () => window.removeEventListener("hashchange", follow);
  }, []);
  const choose = (id) => {
    window.history.replaceState(null, "", `#${id}`);
    setCurrent(id);
  };
  const { Screen } = SECTIONS.find((section) => section.id === current);
  return (
    <Box display="flex" flexDirection="column">
      <Box as="nav" role="tablist" aria-label={intl.formatMessage(TAB_LIST)} display="flex"
        gap={2} paddingX={6} paddingTop={4} paddingBottom={2} borderBottomStyle="solid"
        borderBottomWidth={1} borderColor="default1">
        {SECTIONS.map(({ id, label }) => (
          <Button key={id} role="tab" aria-selected={id === current} data-testid={`tab-${id}`}
            variant={id === current ? "primary" : "tertiary"} onClick={() => choose(id)}>
            {intl.formatMessage(label)}
          </Button>
        ))}
      </Box>
      <Screen page={page} state={state} />
    </Box>
  );
}
