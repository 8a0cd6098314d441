// The app page ("Cart recovery" in the Dashboard's Apps): its sections as tabs, the Overview
// first. The chosen tab is kept in the URL's hash so that a reload stays on it.
import { Box, Button } from "@saleor/macaw-ui";
import { useEffect, useState } from "react";

import { AbandonedCheckouts } from "./AbandonedCheckouts.jsx";
import { Chains } from "./Chains.jsx";
import { Discounts } from "./Discounts.jsx";
import { Overview } from "./Overview.jsx";
import { RecoveredOrders } from "./RecoveredOrders.jsx";
import { Settings } from "./Settings.jsx";
import { Templates } from "./Templates.jsx";

const SECTIONS = [
  { id: "overview", label: "Overview", Screen: Overview },
  { id: "chains", label: "Chains", Screen: Chains },
  { id: "templates", label: "Templates", Screen: Templates },
  { id: "discounts", label: "Discounts", Screen: Discounts },
  { id: "checkouts", label: "Abandoned checkouts", Screen: AbandonedCheckouts },
  { id: "orders", label: "Recovered orders", Screen: RecoveredOrders },
  { id: "settings", label: "Settings", Screen: Settings },
];

function sectionInHash() {
  const id = window.location.hash.slice(1);
  return SECTIONS.some((section) => section.id === id) ? id : SECTIONS[0].id;
}

export function CartRecovery({ page, state }) {
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
      <Box as="nav" role="tablist" aria-label="Cart recovery" display="flex" gap={2}
        paddingX={6} paddingTop={4} paddingBottom={2} borderBottomStyle="solid"
        borderBottomWidth={1} borderColor="default1">
        {SECTIONS.map(({ id, label }) => (
          <Button key={id} role="tab" aria-selected={id === current} data-testid={`tab-${id}`}
            variant={id === current ? "primary" : "tertiary"} onClick={() => choose(id)}>
            {label}
          </Button>
        ))}
      </Box>
      <Screen page={page} state={state} />
    </Box>
  );
}
