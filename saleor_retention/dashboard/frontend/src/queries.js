// How a screen reads the app's API: the answer of one query kept with the token that asked,
// so that a call refused because the token expired is made again once, when the Dashboard
// has sent a new token (`tokenRefresh`), and never before.
import { useEffect, useRef, useState } from "react";

import { AccessDenied, callApi } from "./api.js";

/** Returns whether `result` (`{error, token}`) failed because its token expired. */
function expiredToken(result) {
  return result.error instanceof AccessDenied && result.error.reason === "expired";
}

/**
 * Calls `retry` when `result` failed because its token (`result.token`) expired and the
 * Dashboard has since given another (`state.token`). A call made with the same expired
 * token would only fail again.
 */
export function useRetryOnNewToken(result, state, retry) {
  const waiting = expiredToken(result) && result.token !== state.token;
  useEffect(() => {
    if (waiting) retry();
  }, [waiting]); // eslint-disable-line react-hooks/exhaustive-deps
}

/** Returns a ref that always holds the latest AppBridge `state`, for calls to read their
 * token when they start. */
export function useLatest(state) {
  const ref = useRef(state);
  ref.current = state;
  return ref;
}

/**
 * Runs `document` (its operation `operationName`, with `variables`) when the screen opens,
 * again when `variables` change, on `reload()`, and after an expired token was replaced.
 * Returns `{loading, data, error, reload, update}`; `update(change)` replaces `data` with
 * `change(data)` (a mutation's answer) without a call. A reload keeps the data shown until
 * the new answer arrives.
 */
export function useApiQuery(page, state, document, { variables = {}, operationName } = {}) {
  const [result, setResult] = useState({ loading: true });
  const [generation, setGeneration] = useState(0);
  const latest = useLatest(state);
  const reload = () => setGeneration((count) => count + 1);
  useRetryOnNewToken(result, state, reload);
  const key = JSON.stringify(variables);
  useEffect(() => {
    let current = true;
    const { token } = latest.current;
    setResult((previous) => ({ ...previous, loading: true, error: null, token }));
    callApi(page.apiUrl, latest.current, document, variables, operationName)
      .then((data) => current && setResult({ loading: false, data, token }))
      .catch((error) => current && setResult((previous) => ({
        loading: false, data: previous.data, error, token })));
    return () => { current = false; };
    // `key` stands for `variables`; the token is read when the call starts.
  }, [page.apiUrl, document, operationName, key, generation]); // eslint-disable-line react-hooks/exhaustive-deps
  const update = (change) => setResult((previous) => ({ ...previous,
    data: change(previous.data) }));
  return { ...result, reload, update };
}
