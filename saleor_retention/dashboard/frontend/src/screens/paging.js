// One paginated list of the app's API, as the list tabs load it: the first page again
// whenever `key` changes (or a new token follows an expired one), `loadMore` appending the
// next page.
import { useEffect, useRef, useState } from "react";

import { callApi } from "../api.js";
import { useLatest, useRetryOnNewToken } from "../queries.js";

/** Returns the list state after one more page of `connection`. */
export function appendPage(connection, previousRows) {
  return {
    rows: [...previousRows, ...connection.edges.map((edge) => edge.node)],
    totalCount: connection.totalCount,
    pageInfo: connection.pageInfo,
  };
}

/** `document` (its operation `operationName`, when it holds several) selects one
 * connection, `field`, of the answer; `variablesAt(after)` gives the variables of the page
 * after that cursor. */
export function usePagedConnection(page, state, document, field, variablesAt, key,
  operationName) {
  const [result, setResult] = useState({ loading: true, rows: [] });
  const [generation, setGeneration] = useState(0);
  const latest = useLatest(state);
  // The list being shown: an answer to an earlier list (other variables, or a screen that
  // has gone) is dropped.
  const shown = useRef(0);
  useRetryOnNewToken(result, state, () => setGeneration((count) => count + 1));

  const load = (after, previousRows) => {
    const list = shown.current;
    const { token } = latest.current;
    setResult((current) => ({ ...current, loading: true, error: null, token }));
    return callApi(page.apiUrl, latest.current, document, variablesAt(after), operationName)
      .then((data) => list === shown.current &&
        setResult({ ...appendPage(data[field], previousRows), token }))
      // A failed page keeps what is shown, its count and its "load more".
      .catch((error) => list === shown.current &&
        setResult((current) => ({ ...current, loading: false, error, token })));
  };

  useEffect(() => {
    shown.current += 1;
    const list = shown.current;
    setResult({ loading: true, rows: [] });
    load(null, []);
    return () => {
      if (shown.current === list) shown.current += 1;
    };
    // `key` stands for the variables; the token is read when the call starts.
  }, [page.apiUrl, key, generation]); // eslint-disable-line react-hooks/exhaustive-deps

  const loadMore = () => load(result.pageInfo.endCursor, result.rows);
  const replaceRow = (changed, idOf = (row) => row.id) => setResult((current) => ({
    ...current,
    rows: current.rows.map((row) => (idOf(row) === idOf(changed) ? changed : row)),
  }));
  return { ...result, loadMore, replaceRow };
}
