// Resume tokens are 128-bit bearer secrets; the room also binds each one to the account that
// earned it, so a token leaked to another signed-in account does not hand over someone
// else's player: that HELLO joins as a new player instead. In memory only: after a restart
// from a snapshot the owners are unknown and the secret alone decides.

import { ByteWriter } from "../../shared/codec/byte-writer.js";
import { decodeClientMessage, encodeHello } from "../../shared/protocol/client-messages.js";

/** Resume token → account id, for the players this object has seen join. */
export class ResumeOwners {
  readonly #owners = new Map<string, string>();

  /** Records that `token` was issued to `accountId`. */
  set(token: string | undefined, accountId: string | undefined): void {
    if (token && accountId) this.#owners.set(token, accountId);
  }

  /**
   * The HELLO to hand the room core for `accountId`: unchanged, or re-encoded without its
   * resume token when that token belongs to another account.
   */
  screen(hello: Uint8Array, accountId: string, inputBytes: number): Uint8Array {
    const decoded = decodeClientMessage(hello, inputBytes);
    if (!decoded.ok || decoded.value.type !== "hello" || decoded.value.resume === "") return hello;
    const owner = this.#owners.get(decoded.value.resume);
    if (owner === undefined || owner === accountId) return hello;
    const { schema, name, token } = decoded.value;
    const w = new ByteWriter();
    encodeHello(w, { schema, name, token });
    return w.toBytes();
  }
}
