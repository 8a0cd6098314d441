// Calls the app's own GraphQL API (docs/api.md, "Staff calls") with the Dashboard's token.
import { translate } from "./i18n.jsx";

/** The API refused the token; `reason` says why, for the person looking at the page. */
export class AccessDenied extends Error {
  constructor(reason, message, permissions = []) {
    super(message);
    this.reason = reason; // "expired" | "installation" | "permission"
    this.permissions = permissions;
  }
}

/** The API could not answer (network, server error, a document it refused); `errors` are
 * the answer's top-level errors, if it gave any (a refused preview says there which field
 * and line, in `extensions.exception`). */
export class ApiUnavailable extends Error {
  constructor(message, errors = []) {
    super(message);
    this.errors = errors;
  }
}

function secondsUntilExpiry(token) {
  try {
    const payload = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(atob(payload)).exp - Date.now() / 1000;
  } catch {
    return Number.NaN;
  }
}

function accessDenied(error, token) {
  const permissions = error.extensions?.exception?.permissions ?? [];
  if (permissions.length) {
    return new AccessDenied("permission", error.message, permissions);
  }
  // The API says "The token has expired."; the token's own expiry is checked too, so that a
  // reworded message still reads as an expired session.
  if (/expired/i.test(error.message) || secondsUntilExpiry(token) <= 0) {
    return new AccessDenied("expired", error.message);
  }
  // Signed by another Saleor, issued to another app, or for a store this app does not know.
  return new AccessDenied("installation", error.message);
}

/**
 * Runs `query` with `variables` as the Dashboard user of `connection` ({token,
 * saleorApiUrl}, from the AppBridge state) against `apiUrl`; `operationName` picks one
 * operation of a document that holds several. Returns `data`; throws AccessDenied when the
 * API answers PermissionDenied, ApiUnavailable otherwise.
 */
export async function callApi(apiUrl, connection, query, variables = {}, operationName) {
  let response;
  try {
    response = await fetch(apiUrl, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Authorization: `Bearer ${connection.token}`,
        "Saleor-Api-Url": connection.saleorApiUrl,
      },
      body: JSON.stringify({ query, variables, operationName }),
    });
  } catch (error) {
    throw new ApiUnavailable(translate({ id: "common.api.unreachable",
      defaultMessage: "The app cannot be reached: {reason}" }, { reason: error.message }));
  }
  let body;
  try {
    body = await response.json();
  } catch {
    throw new ApiUnavailable(translate({ id: "common.api.noJson",
      defaultMessage: "The app answered {status} without JSON." }, { status: response.status }));
  }
  const errors = body.errors ?? [];
  const denied = errors.find((error) => error.extensions?.exception?.code === "PermissionDenied");
  if (denied) throw accessDenied(denied, connection.token);
  if (errors.length || !body.data) {
    throw new ApiUnavailable(errors.map((error) => error.message).join(" ") ||
      translate({ id: "common.api.status", defaultMessage: "The app answered {status}." },
        { status: response.status }), errors);
  }
  return body.data;
}
