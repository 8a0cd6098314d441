// The order widget and the customer action complete the handshake already, so the
// Dashboard shows them without an error, but their content comes in a later slice.
import { Box, Text } from "@saleor/macaw-ui";

const WHAT_COMES = {
  "order-widget": "Whether Cart Recovery's reminders brought this order back will show here.",
  customer: "This customer's reminders and recovered orders will show here.",
};

export function NotYetBuilt({ page }) {
  return (
    <Box padding={4} data-testid="not-yet-built">
      <Text color="default2">
        {WHAT_COMES[page.screen] ?? `${page.appName} has no such page.`}
      </Text>
    </Box>
  );
}
