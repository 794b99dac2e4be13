// How the dashboard gets its access token: one an operator pasted (the form, or a link's
// `#token=` fragment, which never reaches a server log), kept in sessionStorage for the
// tab's life; otherwise the browser's guest, whose account an operator may have made an admin
// (docs/deploy.md#the-first-admin). The server decides: the page only shows its refusal.

import { createHttpClient } from "@edgetick/client";
import { signInAsGuest } from "../guest-sign-in.js";

/** The sessionStorage key of a pasted access token. */
export const ADMIN_TOKEN_KEY = "edgetick.admin.accessToken";

/** The dashboard's credential. */
export interface AdminSignIn {
  /** Who the page is signed in as, for the status line. */
  readonly who: string;
  /** Whether the token was pasted (a refusal offers to paste another). */
  readonly pasted: boolean;
  /** The access token to send now. */
  accessToken(): string;
  /** A fresh access token after a 401, or null when there is no way to get one. */
  renew(): Promise<string | null>;
}

/**
 * Keeps `token` as the tab's pasted token (or forgets it, given null) and reloads the page
 * without a fragment.
 */
export function usePastedToken(token: string | null): void {
  if (token) sessionStorage.setItem(ADMIN_TOKEN_KEY, token);
  else sessionStorage.removeItem(ADMIN_TOKEN_KEY);
  location.replace(location.pathname + location.search);
}

/**
 * Signs the dashboard in: a `#token=` fragment (kept, then dropped from the address bar), a
 * token pasted earlier in this tab, or the browser's guest at `origin`.
 */
export async function signInToDashboard(origin: string): Promise<AdminSignIn> {
  const fragment = new URLSearchParams(location.hash.slice(1)).get("token");
  if (fragment) {
    sessionStorage.setItem(ADMIN_TOKEN_KEY, fragment);
    history.replaceState(null, "", location.pathname + location.search);
  }
  const pasted = sessionStorage.getItem(ADMIN_TOKEN_KEY);
  if (pasted) {
    return {
      who: `the pasted token's account ${subjectOf(pasted) ?? "(unreadable)"}`,
      pasted: true,
      accessToken: () => pasted,
      renew: () => Promise.resolve(null),
    };
  }
  const http = createHttpClient({ baseUrl: origin });
  let session = await signInAsGuest(http, "operator");
  return {
    who: `guest ${session.accountId}`,
    pasted: false,
    accessToken: () => session.accessToken,
    async renew() {
      session = await http.refresh();
      return session.accessToken;
    },
  };
}

/** The `sub` claim of a JWT, read without verifying it: for display only. */
function subjectOf(token: string): string | null {
  try {
    const payload = token.split(".")[1] ?? "";
    const json: unknown = JSON.parse(atob(payload.replaceAll("-", "+").replaceAll("_", "/")));
    return typeof json === "object" &&
      json !== null &&
      "sub" in json &&
      typeof json.sub === "string"
      ? json.sub
      : null;
  } catch {
    // Not a JWT: the server will refuse it with 401, and the page says so.
    return null;
  }
}
