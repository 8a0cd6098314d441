// Shown when the page is opened on its own (or framed by something that is not a Saleor
// Dashboard): it says where to open it, and loads nothing.
import { Box, Text } from "@saleor/macaw-ui";
import { FormattedMessage } from "react-intl";

const strong = (chunks) => <strong>{chunks}</strong>;
const code = (chunks) => <code>{chunks}</code>;

export function OutsideDashboard({ page }) {
  const { appName, manifestUrl } = page;
  return (
    <Box as="section" padding={8} display="flex" flexDirection="column" gap={4}
      data-testid="outside-dashboard" __maxWidth="640px">
      <Text as="h1" size={8} fontWeight="bold">
        <FormattedMessage id="common.outside.title"
          defaultMessage="Open {appName} from your Saleor Dashboard" values={{ appName }} />
      </Text>
      <Text as="p">
        <FormattedMessage id="common.outside.where"
          defaultMessage="This page belongs inside the Saleor Dashboard, which signs you in and tells it which store to show. Open your Dashboard, go to <strong>Apps → {appName}</strong>, and it opens there."
          values={{ appName, strong }} />
      </Text>
      <Text as="p" color="default2">
        <FormattedMessage id="common.outside.install"
          defaultMessage="Not installed yet? In the Dashboard choose <strong>Apps → Install external app</strong> and paste <code>{manifestUrl}</code>."
          values={{ manifestUrl, strong, code }} />
      </Text>
    </Box>
  );
}
