// Shown when the page is opened on its own (or framed by something that is not a Saleor
// Dashboard): it says where to open it, and loads nothing.
import { Box, Text } from "@saleor/macaw-ui";

export function OutsideDashboard({ page }) {
  return (
    <Box as="section" padding={8} display="flex" flexDirection="column" gap={4}
      data-testid="outside-dashboard" __maxWidth="640px">
      <Text as="h1" size={8} fontWeight="bold">
        Open {page.appName} from your Saleor Dashboard
      </Text>
      <Text as="p">
        This page belongs inside the Saleor Dashboard, which signs you in and tells it which
        store to show. Open your Dashboard, go to <strong>Apps → {page.appName}</strong>,
        and it opens there.
      </Text>
      <Text as="p" color="default2">
        Not installed yet? In the Dashboard choose <strong>Apps → Install external app</strong>{" "}
        and paste <code>{page.manifestUrl}</code>.
      </Text>
    </Box>
  );
}
