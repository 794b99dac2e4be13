// Guest sign-in for the demo pages. A guest is its device id, a random secret this browser
// keeps in localStorage, so a reload (or the other demo page) signs in as the same guest.
// Pages that play need each open tab to be its own guest (a room seats one per account, and
// the matcher refuses an account that already waits), so they ask for a tab's device id: the
// first of a few numbered ids that no other open tab holds, claimed with a Web Lock for the
// tab's life.

import type { HttpClient, Session } from "@edgetick/client";

/** The localStorage key of the browser's guest device id (tab slot 0). */
export const DEVICE_ID_KEY = "edgetick.deviceId";

/** Tabs of one browser that get guests of their own; the next ones share the last. */
const TAB_SLOTS = 8;

/** The device id stored under `key`, created (128 random bits as hex) on first use. */
export function storedDeviceId(key: string = DEVICE_ID_KEY): string {
  let deviceId = localStorage.getItem(key);
  if (!deviceId) {
    deviceId = crypto.randomUUID().replaceAll("-", "");
    localStorage.setItem(key, deviceId);
  }
  return deviceId;
}

/**
 * A device id no other open tab of this browser holds: slot 0 is the browser's own guest
 * (the arena page's), slot n is stored under `edgetick.deviceId.n`. Where Web Locks are
 * missing (an insecure origin), every tab is the browser's guest.
 */
export async function tabDeviceId(): Promise<string> {
  if (!("locks" in navigator)) return storedDeviceId();
  for (let slot = 0; slot < TAB_SLOTS - 1; slot++) {
    if (await claimSlot(slot)) return storedDeviceId(keyOf(slot));
  }
  return storedDeviceId(keyOf(TAB_SLOTS - 1));
}

/**
 * Signs in as the guest of `deviceId` (the browser's by default) through `http`, which then
 * holds and refreshes the session.
 */
export function signInAsGuest(
  http: HttpClient,
  name: string,
  deviceId: string = storedDeviceId(),
): Promise<Session> {
  return http.signInGuest({ deviceId, name });
}

function keyOf(slot: number): string {
  return slot === 0 ? DEVICE_ID_KEY : `${DEVICE_ID_KEY}.${slot}`;
}

/** Takes the slot's lock if it is free and holds it until the tab closes. */
function claimSlot(slot: number): Promise<boolean> {
  return new Promise((resolve) => {
    void navigator.locks.request(`edgetick.guest-slot.${slot}`, { ifAvailable: true }, (lock) => {
      resolve(lock !== null);
      // A lock is held while its callback's promise is pending: this one never settles.
      return lock === null ? undefined : new Promise<never>(() => {});
    });
  });
}
