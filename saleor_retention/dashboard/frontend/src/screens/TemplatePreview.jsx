// The preview pane of the "Templates" tab: the email the editor's text makes, with the
// sample cart or a real checkout, asked again half a second after the typing stops.
import { Box, Button, Spinner, Text } from "@saleor/macaw-ui";
import { useEffect, useId, useState } from "react";
import { FormattedMessage, useIntl } from "react-intl";

import { AccessDenied, callApi } from "../api.js";
import TEMPLATES from "../graphql/Templates.graphql";
import { useLatest, useRetryOnNewToken } from "../queries.js";
import { FIELD_STYLE } from "./tables.jsx";

// How long the preview waits for the typing to stop before it asks the API.
const PREVIEW_PAUSE_MS = 500;

/**
 * Returns the preview of `variables` (DashboardTemplatePreview's) as `{preview}`, or the
 * API's refusal of the template or draft as `{problem: {code, field, line, message}}`; any
 * other failure (a refused token, an unreachable app) is thrown as every screen gets it.
 */
async function previewOf(page, state, variables) {
  try {
    const data = await callApi(page.apiUrl, state, TEMPLATES, variables,
      "DashboardTemplatePreview");
    return { preview: data.retentionEmailPreview };
  } catch (error) {
    // A template the preview refused: the stage, field and line are in the error.
    const refusal = (error.errors ?? []).find((one) => one.extensions?.exception &&
      "field" in one.extensions.exception);
    if (!refusal) throw error;
    const { code, field, line } = refusal.extensions.exception;
    return { problem: { code, field, line, message: refusal.message } };
  }
}

/**
 * Returns `{preview, problem, error, loading, idle, sessionExpired}` for `variables`, asked
 * PREVIEW_PAUSE_MS after they last changed; an answer to older variables is dropped.
 * `preview` stays the last one that worked while a problem or error is shown. `variables`
 * null: nothing is asked (`idle`). A call refused because the token expired is made again
 * once the Dashboard has sent a new one; until then `sessionExpired` is true. A new
 * `stored` (the stored texts changed) asks again for the same variables.
 */
export function usePreview(page, state, variables, stored = 0) {
  const [result, setResult] = useState({ loading: true, preview: null, problem: null,
    error: null });
  const [generation, setGeneration] = useState(0);
  const latest = useLatest(state);
  useRetryOnNewToken(result, state, () => setGeneration((count) => count + 1));
  const key = JSON.stringify(variables);
  useEffect(() => {
    if (variables === null) {
      setResult({ loading: false, preview: null, problem: null, error: null });
      return undefined;
    }
    let current = true;
    setResult((previous) => ({ ...previous, loading: true }));
    const timer = window.setTimeout(() => {
      const connection = latest.current;
      previewOf(page, connection, variables)
        .then(({ preview, problem }) => current && setResult((previous) => ({
          loading: false, error: null, problem: problem ?? null, token: connection.token,
          preview: preview ?? previous.preview })))
        .catch((error) => current && setResult((previous) => ({
          ...previous, loading: false, error, token: connection.token })));
    }, PREVIEW_PAUSE_MS);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
    // `key` stands for the variables; the token is read when the call starts.
  }, [page.apiUrl, key, generation, stored]); // eslint-disable-line react-hooks/exhaustive-deps
  const sessionExpired = result.error instanceof AccessDenied &&
    result.error.reason === "expired" && result.token === state.token;
  return { ...result, idle: variables === null, sessionExpired };
}

/** A caption and the control it names (`id`). Not a wrapping label: a select's chosen
 * option would become part of the select's accessible name. */
function Label({ label, id, children }) {
  return (
    <Box display="flex" flexDirection="column" gap={1}>
      <Text as="label" htmlFor={id} size={2} color="default2">{label}</Text>
      {children}
    </Box>
  );
}

/** Where the preview's cart comes from: `{kind: "sample", currency}` or
 * `{kind: "checkout", checkoutId}`; a problem of `field` shows next to its control. */
export function CartChoice({ cart, setCart, problem }) {
  const problemOf = (field) => problem?.field === field && (
    <Text size={2} color="critical1" data-testid={`problem-${field}`}>{problem.message}</Text>);
  const id = useId();
  const intl = useIntl();
  return (
    <Box display="flex" gap={4} flexWrap="wrap" alignItems="flex-start">
      <Label label={intl.formatMessage({ id: "templates.cart", defaultMessage: "Cart" })}
        id={`${id}-kind`}>
        <Box as="select" id={`${id}-kind`} data-testid="cart-kind" value={cart.kind}
          borderColor="default1" style={FIELD_STYLE}
          onChange={(event) => setCart({ ...cart, kind: event.target.value })}>
          <option value="sample">
            {intl.formatMessage({ id: "templates.sampleCart", defaultMessage: "Sample cart" })}
          </option>
          <option value="checkout">
            {intl.formatMessage({ id: "templates.trackedCheckout", defaultMessage: "A tracked checkout" })}
          </option>
        </Box>
      </Label>
      {cart.kind === "sample" ? (
        <Label label={intl.formatMessage({ id: "templates.currency", defaultMessage: "Currency" })}
          id={`${id}-currency`}>
          <Box as="input" id={`${id}-currency`} data-testid="sample-currency"
            value={cart.currency} maxLength={3} borderColor="default1"
            style={{ ...FIELD_STYLE, minWidth: "80px", width: "80px" }}
            onChange={(event) => setCart({ ...cart, currency: event.target.value })} />
          {problemOf("currency")}
        </Label>
      ) : (
        <Label label={intl.formatMessage({ id: "templates.checkoutId", defaultMessage: "Checkout id (Saleor's)" })}
          id={`${id}-checkout`}>
          <Box as="input" id={`${id}-checkout`} data-testid="checkout-id"
            value={cart.checkoutId} placeholder="Q2hlY2tvdXQ6…" borderColor="default1"
            style={FIELD_STYLE}
            onChange={(event) => setCart({ ...cart, checkoutId: event.target.value })} />
          {problemOf("checkoutId")}
        </Label>
      )}
    </Box>
  );
}

/** What the pane says about the cart the preview uses. */
function cartNote(intl, cart) {
  if (cart.kind === "sample") {
    return intl.formatMessage({ id: "templates.sampleCartNote", defaultMessage: "Alex's sample cart, as a real send renders it; the unsubscribe link goes nowhere." });
  }
  return cart.checkoutId.trim()
    ? intl.formatMessage({ id: "templates.trackedCheckoutNote", defaultMessage: "The tracked checkout in its own language, currency and channel." })
    : intl.formatMessage({ id: "templates.typeCheckoutId", defaultMessage: "Type a checkout id to see the email that checkout gets." });
}

/** Why there is no fresh preview: an expired session (the editor and its draft stay; the
 * preview comes back with the Dashboard's next token) or a call that failed. */
function PreviewFailure({ result }) {
  const { error, sessionExpired } = result;
  if (sessionExpired) {
    return (
      <Text color="critical1" data-testid="preview-session-expired">
        <FormattedMessage id="templates.previewSessionExpired" defaultMessage="Your session expired: the preview comes back when the Dashboard renews it. Your changes are kept." />
      </Text>
    );
  }
  if (!error || (error instanceof AccessDenied && error.reason === "expired")) return null;
  return <Text color="critical1" data-testid="preview-unavailable">{error.message}</Text>;
}

/** The rendered email: its subject, then the HTML part in a sandboxed frame (no scripts,
 * no access to the page) or the plain-text part. */
export function PreviewPane({ result, cart }) {
  const [part, setPart] = useState("html");
  const intl = useIntl();
  const { preview, problem, loading, idle } = result;
  const stale = Boolean(problem || result.error);
  return (
    <Box display="flex" flexDirection="column" gap={3} data-testid="preview"
      data-loading={loading ? "yes" : "no"}>
      <Box display="flex" alignItems="center" gap={3} justifyContent="space-between">
        <Text as="h2" size={6} fontWeight="bold">
          <FormattedMessage id="templates.preview" defaultMessage="Preview" />
        </Text>
        <Box display="flex" alignItems="center" gap={2}>
          {loading && <Spinner />}
          <Button variant={part === "html" ? "primary" : "tertiary"} size="small"
            data-testid="show-html" onClick={() => setPart("html")}>HTML</Button>
          <Button variant={part === "text" ? "primary" : "tertiary"} size="small"
            data-testid="show-text" onClick={() => setPart("text")}>
            <FormattedMessage id="templates.plainText" defaultMessage="Plain text" />
          </Button>
        </Box>
      </Box>
      <Text size={2} color="default2" data-testid="preview-cart">{cartNote(intl, cart)}</Text>
      {!idle && <PreviewFailure result={result} />}
      {problem && !["subject", "body", "currency", "checkoutId"].includes(problem.field) && (
        <Text color="critical1" data-testid="preview-problem">{problem.message}</Text>)}
      {stale && preview && !idle && (
        <Text size={2} color="default2">
          <FormattedMessage id="templates.showingLastPreview" defaultMessage="Showing the last preview that worked." />
        </Text>)}
      {preview && !idle && (
        <>
          <Box display="flex" gap={2} alignItems="baseline">
            <Text size={2} color="default2">
              <FormattedMessage id="templates.subject" defaultMessage="Subject" />
            </Text>
            <Text fontWeight="bold" data-testid="preview-subject">{preview.subject}</Text>
          </Box>
          {part === "html" ? (
            <Box as="iframe"
              title={intl.formatMessage({ id: "templates.emailPreview", defaultMessage: "Email preview" })} data-testid="preview-html" sandbox=""
              srcDoc={preview.html} width="100%" __height="640px" borderStyle="solid"
              borderWidth={1} borderColor="default1" borderRadius={3}
              backgroundColor="default1" />
          ) : (
            <Box as="pre" data-testid="preview-text" padding={3} margin={0} borderRadius={3}
              borderStyle="solid" borderWidth={1} borderColor="default1" __maxHeight="640px"
              overflowY="auto" style={{ whiteSpace: "pre-wrap", fontFamily: "monospace",
                fontSize: "13px" }}>
              {preview.text}
            </Box>
          )}
        </>
      )}
    </Box>
  );
}
