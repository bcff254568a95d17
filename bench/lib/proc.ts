// What the kernel says about a process, read the same way for every server (Node or not).
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far; NaN once it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) are space separated; utime is 14th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/** Resident set size in bytes. */
export function rssBytes(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Pids whose command name starts with `prefix` (postgres backends, redis-server). */
export function pidsNamed(prefix: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').startsWith(prefix)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** Busy CPU seconds of the whole machine (all cores): everything but idle and iowait. */
export function machineBusySeconds(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
  return (total - (f[3] ?? 0) - (f[4] ?? 0)) / TICKS_PER_SECOND;
}

const pct = (used: number, seconds: number): number => (seconds > 0 ? Math.round((used / seconds) * 1000) / 10 : 0);

export type CpuGroups = Record<string, () => number[]>;

/**
 * CPU use of named groups of processes over a window, in % of one core (200 % = both cores of
 * the bench machine). Groups are re-listed at the end, so short-lived postgres backends count.
 */
export class CpuMeter {
  private start = new Map<number, number>();
  private startedAt = 0;
  /** Length of the last measured window, in seconds. */
  windowSeconds = 0;

  constructor(private readonly groups: CpuGroups) {}

  private machineStart = 0;
  /** Latest reading per pid, so a process that exits inside the window (a closed pool's postgres backend) still counts. */
  private readonly last = new Map<number, { seconds: number; group: string }>();
  private sampler: NodeJS.Timeout | null = null;

  begin(): void {
    this.start.clear();
    this.last.clear();
    this.machineStart = machineBusySeconds();
    for (const pids of Object.values(this.groups)) for (const pid of pids()) this.start.set(pid, cpuSeconds(pid));
    this.startedAt = performance.now();
    if (this.sampler !== null) clearInterval(this.sampler);
    this.sampler = setInterval(() => this.sample(), 250);
    this.sampler.unref();
  }

  private sample(): void {
    for (const [group, pids] of Object.entries(this.groups)) {
      for (const pid of pids()) {
        const seconds = cpuSeconds(pid);
        if (!Number.isNaN(seconds)) this.last.set(pid, { seconds, group });
      }
    }
  }

  end(): Record<string, number> {
    if (this.sampler !== null) clearInterval(this.sampler);
    this.sampler = null;
    this.sample();
    const seconds = (performance.now() - this.startedAt) / 1000;
    this.windowSeconds = seconds;
    const out: Record<string, number> = {};
    const counted = new Set<number>();
    let ours = 0;
    for (const [name, pids] of Object.entries(this.groups)) {
      let used = 0;
      const listed = new Set(pids());
      // A process that exited inside the window (a closed pool's backend) counts with its last reading.
      for (const [pid, seen] of this.last) if (seen.group === name) listed.add(pid);
      for (const pid of listed) {
        const now = this.last.get(pid)?.seconds ?? cpuSeconds(pid);
        if (Number.isNaN(now)) continue;
        const delta = now - (this.start.get(pid) ?? 0);
        used += delta;
        if (!counted.has(pid)) ours += delta;
        counted.add(pid);
      }
      out[name] = pct(used, seconds);
    }
    // The whole machine (200 % = both cores busy), and what no process of this run used: the
    // kernel's own work and anything else running on the machine meanwhile.
    const machine = machineBusySeconds() - this.machineStart;
    out.machine = pct(machine, seconds);
    out.other = pct(Math.max(0, machine - ours), seconds);
    return out;
  }
}
