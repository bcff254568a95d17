// CPU profiles of one window of a server's life (one scenario), written as .cpuprofile files
// that Chrome DevTools, speedscope or `node bench/lib/profile-top.ts` read.
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';

let session: Session | null = null;

export async function startProfile(): Promise<void> {
  if (session !== null) return;
  session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
}

export async function stopProfile(file: string): Promise<string | null> {
  if (session === null) return null;
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  session = null;
  writeFileSync(file, JSON.stringify(profile));
  return file;
}
