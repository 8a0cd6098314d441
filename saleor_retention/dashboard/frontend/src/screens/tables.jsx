// What the list tabs share: a table cell, the style of their plain form fields, the panel an
// empty list shows, and the button that loads the next page.
import { Box, Button, Text } from "@saleor/macaw-ui";
import { FormattedMessage } from "react-intl";

export const FIELD_STYLE = {
  padding: "6px 8px", borderRadius: "4px", border: "1px solid", font: "inherit",
  background: "transparent", color: "inherit", minWidth: "180px",
};

export function Cell({ children, header = false, align = "left" }) {
  return (
    <Box as={header ? "th" : "td"} paddingY={2} paddingX={3} textAlign={align}
      borderBottomStyle="solid" borderBottomWidth={1} borderColor="default1">
      <Text size={header ? 2 : 3} color={header ? "default2" : "default1"}
        fontWeight={header ? "medium" : "regular"}>
        {children}
      </Text>
    </Box>
  );
}

/** An empty list: ``title``, and ``children`` explaining what will appear (none when the
 * list is only filtered down to nothing). */
export function EmptyPanel({ testId, title, children }) {
  return (
    <Box data-testid={testId} padding={6} borderRadius={4} borderStyle="solid"
      borderWidth={1} borderColor="default1" display="flex" flexDirection="column" gap={2}>
      <Text as="h2" size={6} fontWeight="bold">{title}</Text>
      {children && <Text as="p" color="default2">{children}</Text>}
    </Box>
  );
}

/** "Load N more" under a paginated list (paging.js), once a page has loaded and another
 * follows. */
export function LoadMore({ loading, pageInfo, pageSize, onClick }) {
  if (loading || !pageInfo?.hasNextPage) return null;
  return (
    <Box>
      <Button variant="secondary" data-testid="load-more" onClick={onClick}>
        <FormattedMessage id="common.loadMore" defaultMessage="Load {count} more"
          values={{ count: pageSize }} />
      </Button>
    </Box>
  );
}
