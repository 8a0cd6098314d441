// What the page says when the API refuses the Dashboard's token or cannot answer.
import { Box, Text } from "@saleor/macaw-ui";
import { defineMessages, useIntl } from "react-intl";

import { AccessDenied } from "../api.js";

const MESSAGES = defineMessages({
  unavailableTitle: { id: "common.access.unavailable.title",
    defaultMessage: "{appName} cannot load this page now" },
  unavailableDetail: { id: "common.access.unavailable.detail",
    defaultMessage: "{problem} Try again in a moment." },
  expiredTitle: { id: "common.access.expired.title",
    defaultMessage: "Your session expired — reload the page" },
  expiredDetail: { id: "common.access.expired.detail",
    defaultMessage: "The Dashboard's sign-in for this page lasts a few minutes." },
  permissionTitle: { id: "common.access.permission.title",
    defaultMessage: "You need the {permissions} permission to see this page" },
  permissionDetail: { id: "common.access.permission.detail",
    defaultMessage: "Ask a staff member who manages permissions in your Dashboard to grant it." },
  installationTitle: { id: "common.access.installation.title",
    defaultMessage: "This page belongs to another app installation" },
  installationDetail: { id: "common.access.installation.detail",
    defaultMessage: "This installation of {appName} does not accept the Dashboard's sign-in. Open {appName} from the Apps list of the Dashboard it is installed in." },
});

/** Returns the title and detail messages for `error`. */
function explain(error) {
  if (!(error instanceof AccessDenied)) {
    return [MESSAGES.unavailableTitle, MESSAGES.unavailableDetail];
  }
  switch (error.reason) {
    case "expired":
      return [MESSAGES.expiredTitle, MESSAGES.expiredDetail];
    case "permission":
      return [MESSAGES.permissionTitle, MESSAGES.permissionDetail];
    default:
      return [MESSAGES.installationTitle, MESSAGES.installationDetail];
  }
}

export function AccessProblem({ error, appName }) {
  const intl = useIntl();
  const [title, detail] = explain(error);
  const values = { appName, problem: error.message,
    permissions: intl.formatList(error.permissions ?? []) };
  return (
    <Box data-testid="access-problem" data-reason={error.reason ?? "unavailable"} padding={6}
      borderRadius={4} borderStyle="solid" borderWidth={1} borderColor="critical1"
      display="flex" flexDirection="column" gap={2}>
      <Text as="h2" size={6} fontWeight="bold" color="critical1">
        {intl.formatMessage(title, values)}
      </Text>
      <Text as="p" color="default2">{intl.formatMessage(detail, values)}</Text>
    </Box>
  );
}
