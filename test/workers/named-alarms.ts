// The named alarms of a SocketHost object, from a workerd test: read a deadline, and run an
// alarm as if its deadline had come — the tests' manual clock for timeouts minutes away (the
// object runs the same alarm() the platform calls; only the deadline is brought forward).
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { ALARMS_KEY } from "../../durable-objects/host/socket-host.js";

type Deadlines = Record<string, number>;

/** The deadline of the object's alarm `name` (Unix ms), or undefined when none is armed. */
export async function namedAlarmAt(
  stub: DurableObjectStub,
  name: string,
): Promise<number | undefined> {
  return runInDurableObject(stub, async (_object, state) => {
    const alarms = await state.storage.get<Deadlines>(ALARMS_KEY);
    return alarms?.[name];
  });
}

/**
 * Runs the object's alarm `name` now: its deadline becomes now and the object's alarm runs.
 * Throws if the alarm is not armed (a test expecting a timeout must find it armed).
 */
export async function runNamedAlarmNow(stub: DurableObjectStub, name: string): Promise<void> {
  const armed = await runInDurableObject(stub, async (_object, state) => {
    const alarms = await state.storage.get<Deadlines>(ALARMS_KEY);
    if (alarms?.[name] === undefined) return false;
    alarms[name] = Date.now();
    await state.storage.put(ALARMS_KEY, alarms);
    return true;
  });
  if (!armed) throw new Error(`no alarm "${name}" is armed`);
  await runDurableObjectAlarm(stub);
}
