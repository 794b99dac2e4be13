// Guest sign-in against a running server, as a game client does it.

/** The tokens POST /v1/auth/guest answers. */
export interface GuestSession {
  readonly accountId: string;
  readonly accessToken: string;
  readonly refreshToken: string;
}

/**
 * Signs in as the guest of `deviceId` (a new random device by default), from client address
 * `address` when given (sign-ins are limited per address; a local server takes the
 * CF-Connecting-IP header a deployed Worker would get from Cloudflare).
 */
export async function signInGuest(
  baseUrl: string,
  deviceId: string = crypto.randomUUID().replaceAll("-", ""),
  name?: string,
  address?: string,
): Promise<GuestSession> {
  const res = await fetch(`${baseUrl}/v1/auth/guest`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      ...(address ? { "CF-Connecting-IP": address } : {}),
    },
    body: JSON.stringify({ deviceId, name }),
  });
  if (!res.ok) throw new Error(`guest sign-in: ${res.status} ${await res.text()}`);
  return (await res.json()) as GuestSession;
}
