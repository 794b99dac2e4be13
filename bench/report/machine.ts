// The machine a result was measured on: times only compare within one run on one machine.
import os from "node:os";

/** Where and when the bench ran. */
export interface MachineInfo {
  /** ISO 8601 time at which the run started. */
  date: string;
  /** `process.version`. */
  node: string;
  /** V8 version. */
  v8: string;
  /** `platform release arch`. */
  os: string;
  /** CPU model as `os.cpus()` names it. */
  cpuModel: string;
  /** Logical cores `os.cpus()` reports. */
  cores: number;
  /** Cores this process may use (`os.availableParallelism()`). */
  availableParallelism: number;
  /** Nominal CPU clock, MHz, as `os.cpus()` reports it (0 when the VM hides it). */
  cpuMHz: number;
  /** Total memory, GiB. */
  memoryGiB: number;
}

/** Reads the machine facts once, at the start of a run. */
export function machineInfo(date = new Date()): MachineInfo {
  const cpus = os.cpus();
  return {
    date: date.toISOString(),
    node: process.version,
    v8: process.versions.v8,
    os: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    availableParallelism: os.availableParallelism(),
    cpuMHz: cpus[0]?.speed ?? 0,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
  };
}
