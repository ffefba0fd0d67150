/** Whether the write phase is running: a signal then waits for the writes to finish (src/io/write-files.ts). */
let holding = false;

export function signalsHeld(): boolean {
  return holding;
}

export function holdSignals(on: boolean): void {
  holding = on;
}
