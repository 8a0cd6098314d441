// The order widget and the customer action complete the handshake already, so the
// Dashboard shows them without an error, but their content comes in a later slice.
import { Box, Text } from "@saleor/macaw-ui";
import { defineMessages, useIntl } from "react-intl";

const WHAT_COMES = defineMessages({
  "order-widget": { id: "common.notYetBuilt.orderWidget",
    defaultMessage: "Whether Cart Recovery's reminders brought this order back will show here." },
  customer: { id: "common.notYetBuilt.customer",
    defaultMessage: "This customer's reminders and recovered orders will show here." },
});
const NO_SUCH_PAGE = { id: "common.notYetBuilt.noSuchPage",
  defaultMessage: "{appName} has no such page." };

export function NotYetBuilt({ page }) {
  const intl = useIntl();
  return (
    <Box padding={4} data-testid="not-yet-built">
      <Text color="default2">
        {intl.formatMessage(WHAT_COMES[page.screen] ?? NO_SUCH_PAGE, { appName: page.appName })}
      </Text>
    </Box>
  );
}
