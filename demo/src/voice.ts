// Proximity voice in the arena: the microphone button opens the mic (push-to-talk: hold V;
// or voice activation, chosen beside it), players within the arena's hearing radius are
// heard where their ship is (left, right, near, far), and the list shows who is talking, who
// the moderators muted, and a speaker icon that mutes a player for this page only.

import {
  createVoiceChat,
  type StoreOf,
  type TalkMode,
  type VoiceChat,
  VoiceError,
  type VoiceLink,
  type World,
} from "@edgetick/client";
import {
  ARENA_VOICE_CHANNEL,
  ARENA_VOICE_RADIUS,
  arenaGame,
  type Ship,
  shipOf,
} from "../../games/arena/index.js";

/** The demo's voice: the chat, who is talking, and the per-frame hooks of the page. */
export interface DemoVoice {
  readonly chat: VoiceChat;
  /** Players heard now (this one included while its microphone sends). */
  readonly speaking: ReadonlySet<number>;
  /** Places the listener and the speakers at their ships; call every rendered frame. */
  place(world: World, view: StoreOf<typeof Ship.schema>): void;
  /** Rings the ships of the players talking now. */
  draw(ctx: CanvasRenderingContext2D, world: World, view: StoreOf<typeof Ship.schema>): void;
}

/** Wires the voice controls of the page to a room connection or a mesh voice link; `changed` redraws the player list. */
export function watchVoice(
  target: Window,
  link: VoiceLink,
  status: HTMLElement,
  changed: () => void,
): DemoVoice {
  const chat = createVoiceChat(link, {
    channels: arenaGame.voice?.channels,
    channel: ARENA_VOICE_CHANNEL.NEAR,
    // Silent at the edge of the hearing radius, where the room stops relaying.
    spatial: { maxDistance: ARENA_VOICE_RADIUS, refDistance: 60 },
  });
  const speaking = new Set<number>();
  chat.on("speaking", ({ playerId, speaking: on }) => {
    if (on) speaking.add(playerId);
    else speaking.delete(playerId);
    changed();
  });
  chat.on("voice-state", ({ playerId, muted }) => {
    if (playerId === link.playerId)
      status.textContent = muted
        ? "a moderator muted your microphone"
        : "your microphone may talk again";
    changed();
  });
  chat.on("error", (e) => {
    status.textContent = `voice: ${e.message}`;
  });

  const button = document.getElementById("mic") as HTMLButtonElement;
  const mode = document.getElementById("voice-mode") as HTMLSelectElement;
  const showButton = () => {
    button.textContent = chat.microphoneOn ? "🎙 microphone on" : "🎙 microphone off";
    button.setAttribute("aria-pressed", String(chat.microphoneOn));
  };
  button.addEventListener("click", async () => {
    await chat.resume();
    if (chat.microphoneOn) chat.disableMicrophone();
    else {
      try {
        await chat.enableMicrophone();
      } catch (e) {
        status.textContent = e instanceof VoiceError ? `voice: ${e.message}` : String(e);
      }
    }
    showButton();
  });
  mode.addEventListener("change", () => chat.setMode(mode.value as TalkMode));
  // Browsers start audio suspended until the page is used: any click or key resumes it.
  for (const type of ["pointerdown", "keydown"])
    target.addEventListener(type, () => void chat.resume());
  target.addEventListener("keydown", (e) => {
    if (e.code === "KeyV" && !e.repeat) chat.setPushToTalk(true);
  });
  target.addEventListener("keyup", (e) => {
    if (e.code === "KeyV") chat.setPushToTalk(false);
  });
  target.addEventListener("blur", () => chat.setPushToTalk(false));
  showButton();

  const at = (world: World, view: StoreOf<typeof Ship.schema>, playerId: number) => {
    const e = shipOf(world, playerId);
    return e < 0 ? undefined : { x: view.pos.x[e]!, y: view.pos.y[e]! };
  };
  return {
    chat,
    speaking,
    place: (world, view) => chat.updatePositions((id) => at(world, view, id)),
    draw(ctx, world, view) {
      ctx.strokeStyle = "#3fb950";
      ctx.lineWidth = 3;
      for (const id of speaking) {
        const p = at(world, view, id);
        if (!p) continue;
        ctx.beginPath();
        ctx.arc(p.x, p.y, 34, 0, Math.PI * 2);
        ctx.stroke();
      }
    },
  };
}
