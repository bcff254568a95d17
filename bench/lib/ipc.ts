// Bench processes talk over Node's IPC channel: the parent calls a named command, the child
// answers it. A child exits when its parent goes away, so no load generator outlives a run.
import { fork, type ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface Reply {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}

type Handler = (payload: any) => unknown;

/** Child side: answers the parent's calls, then says it is ready. */
export function serve(handlers: Record<string, Handler>): void {
  if (process.send === undefined) throw new Error('a bench child needs an IPC channel (start it with bench/run.ts)');
  process.on('disconnect', () => process.exit(0));
  process.on('message', (raw: any) => {
    const { id, cmd, payload } = raw as { id: number; cmd: string; payload: unknown };
    const handler = handlers[cmd];
    const answer = (reply: Reply): void => {
      if (process.connected) process.send?.(reply);
    };
    if (handler === undefined) return answer({ id, ok: false, error: `unknown command ${cmd}` });
    Promise.resolve()
      .then(() => handler(payload))
      .then((result) => answer({ id, ok: true, result }), (err: unknown) => answer({ id, ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }));
  });
  process.send({ id: 0, ok: true, result: 'ready' });
}

export interface ChildOptions {
  /** Extra node flags (--cpu-prof, --expose-gc, …) before tsx's loader. */
  nodeArgs?: string[];
  env?: Record<string, string>;
  /** Where its stdout/stderr go; 'ignore' by default. */
  logFile?: string;
}

export class Child {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  private exited = false;

  private constructor(readonly name: string, readonly proc: ChildProcess) {
    proc.on('message', (raw: any) => {
      const reply = raw as Reply;
      const waiting = this.pending.get(reply.id);
      if (waiting === undefined) return;
      this.pending.delete(reply.id);
      clearTimeout(waiting.timer);
      if (reply.ok) waiting.resolve(reply.result);
      else waiting.reject(new Error(`${name}: ${reply.error ?? 'failed'}`));
    });
    proc.on('exit', (code, signal) => {
      this.exited = true;
      for (const [, waiting] of this.pending) {
        clearTimeout(waiting.timer);
        waiting.reject(new Error(`${name} exited (${signal ?? code}) before answering`));
      }
      this.pending.clear();
    });
  }

  get pid(): number {
    return this.proc.pid ?? -1;
  }

  /** Forks `bench/<file>` under tsx and waits for it to be ready. */
  static async start(name: string, file: string, opts: ChildOptions = {}): Promise<Child> {
    const path = fileURLToPath(new URL(`../${file}`, import.meta.url));
    const out = opts.logFile === undefined ? 'ignore' : openSync(opts.logFile, 'a');
    const proc = fork(path, [], {
      execArgv: [...(opts.nodeArgs ?? []), '--import', 'tsx'],
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', out, out, 'ipc'],
    });
    const child = new Child(name, proc);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} did not start within 30 s`)), 30_000);
      child.pending.set(0, { resolve: () => resolve(), reject, timer });
      proc.once('error', reject);
    });
    return child;
  }

  call<T>(cmd: string, payload: unknown = {}, timeoutMs = 120_000): Promise<T> {
    if (this.exited) return Promise.reject(new Error(`${this.name} is not running`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.name}: ${cmd} took longer than ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve: (v) => resolve(v as T), reject, timer });
      this.proc.send({ id, cmd, payload });
    });
  }

  /** Asks it to stop (its `stop` command, if any), then disconnects; kills it after a grace. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.exited) return;
    await this.call('stop', {}, graceMs).catch(() => undefined);
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
    if (this.proc.connected) this.proc.disconnect();
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), graceMs);
    await gone;
    clearTimeout(timer);
  }
}
