// Launches Debian's Chromium headless through playwright-core, with the flags this closed
// network needs (no background connections, no component updates, no sync).
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

/** Where `.ci/run` installs Chromium; EDGETICK_CHROMIUM overrides it. */
export const CHROMIUM_PATH = process.env.EDGETICK_CHROMIUM ?? "/usr/bin/chromium";

/** A headless Chromium for tests; `extraArgs` add flags (a fake capture file, say). */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: install Debian's chromium (see .ci/run) or set EDGETICK_CHROMIUM`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      // Two demo pages play at once: neither may be throttled as a background tab.
      "--disable-background-timer-throttling",
      "--disable-renderer-backgrounding",
      "--disable-backgrounding-occluded-windows",
      // WebRTC: host candidates as plain addresses (not mDNS names, which nothing on this
      // closed network resolves), and fake capture devices for voice.
      "--disable-features=WebRtcHideLocalIpsWithMdns",
      "--use-fake-device-for-media-stream",
      "--use-fake-ui-for-media-stream",
      ...extraArgs,
    ],
  });
}
