// A mono 48 kHz 16-bit PCM WAV of a sine (or silence): what the bench's fake microphones
// play (Chromium's --use-file-for-fake-audio-capture loops it).

/** `seconds` of a sine at `hz` and `amplitude` (0–1; 0 is silence), as WAV bytes. */
export function toneWav(seconds: number, hz: number, amplitude: number): Buffer {
  const rate = 48_000;
  const n = rate * seconds;
  const b = Buffer.alloc(44 + n * 2);
  b.write("RIFF", 0);
  b.writeUInt32LE(36 + n * 2, 4);
  b.write("WAVEfmt ", 8);
  b.writeUInt32LE(16, 16); // fmt chunk size
  b.writeUInt16LE(1, 20); // PCM
  b.writeUInt16LE(1, 22); // mono
  b.writeUInt32LE(rate, 24);
  b.writeUInt32LE(rate * 2, 28); // bytes per second
  b.writeUInt16LE(2, 32); // block align
  b.writeUInt16LE(16, 34); // bits per sample
  b.write("data", 36);
  b.writeUInt32LE(n * 2, 40);
  for (let i = 0; i < n; i++) {
    const v = amplitude * Math.sin((2 * Math.PI * hz * i) / rate);
    b.writeInt16LE(Math.round(v * 32767), 44 + i * 2);
  }
  return b;
}
