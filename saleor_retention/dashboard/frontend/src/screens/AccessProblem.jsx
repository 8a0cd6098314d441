// What the page says when the API refuses the Dashboard's token or cannot answer.
import { Box, Text } from "@saleor/macaw-ui";

import { AccessDenied } from "../api.js";

function explain(error, appName) {
  if (!(error instanceof AccessDenied)) {
    return {
      title: `${appName} cannot load this page now`,
      detail: `${error.message} Try again in a moment.`,
    };
  }
  switch (error.reason) {
    case "expired":
      return {
        title: "Your session expired — reload the page",
        detail: "The Dashboard's sign-in for this page lasts a few minutes.",
      };
    case "permission":
      return {
        title: `You need the ${error.permissions.join(", ")} permission to see this page`,
        detail: "Ask a staff member who manages permissions in your Dashboard to grant it.",
      };
    default:
      return {
        title: "This page belongs to another app installation",
        detail: `This installation of ${appName} does not accept the Dashboard's sign-in. ` +
          `Open ${appName} from the Apps list of the Dashboard it is installed in.`,
      };
  }
}

export function AccessProblem({ error, appName }) {
  const { title, detail } = explain(error, appName);
  return (
    <Box data-testid="access-problem" data-reason={error.reason ?? "unavailable"} padding={6}
      borderRadius={4} borderStyle="solid" borderWidth={1} borderColor="critical1"
      display="flex" flexDirection="column" gap={2}>
      <Text as="h2" size={6} fontWeight="bold" color="critical1">{title}</Text>
      <Text as="p" color="default2">{detail}</Text>
    </Box>
  );
}
