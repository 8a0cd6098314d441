// One paginated list of the app's API, as the list tabs load it: the first page again
// whenever `key` changes (or a new token follows an expired one), `loadMore` appending the
// next page.
import { useEffect, useRef, useState } from "react";

import { AccessDenied, callApi } from "../api.js";

/** Returns the list state after one more page of `connection`. */
export function appendPage(connection, previousRows) {
  return {
    rows: [...previousRows, ...connection.edges.map((edge) => edge.node)],
    totalCount: connection.totalCount,
    pageInfo: connection.pageInfo,
  };
}

/** `document` selects one connection, `field`, of the answer; `variablesAt(after)` gives
 * the variables of the page after that cursor. */
export function usePagedConnection(page, state, document, field, variablesAt, key) {
  const [result, setResult] = useState({ loading: true, rows: [] });
  const stateRef = useRef(state);
  stateRef.current = state;
  const expired = result.error instanceof AccessDenied && result.error.reason === "expired";
  const retryToken = expired ? state.token : null;

  const load = (after, previousRows) => {
    setResult((current) => ({ ...current, loading: true, error: null }));
    return callApi(page.apiUrl, stateRef.current, document, variablesAt(after))
      .then((data) => appendPage(data[field], previousRows))
      .catch((error) => ({ error, rows: previousRows }));
  };

  useEffect(() => {
    let current = true;
    setResult({ loading: true, rows: [] });
    load(null, []).then((next) => current && setResult(next));
    return () => { current = false; };
    // `key` stands for the variables; the token is read when the call starts.
  }, [page.apiUrl, key, retryToken]); // eslint-disable-line react-hooks/exhaustive-deps

  const loadMore = () => {
    load(result.pageInfo.endCursor, result.rows).then((next) => setResult(next));
  };
  const replaceRow = (changed, idOf = (row) => row.id) => setResult((current) => ({
    ...current,
    rows: current.rows.map((row) => (idOf(row) === idOf(changed) ? changed : row)),
  }));
  return { ...result, loadMore, replaceRow };
}
