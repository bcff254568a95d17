// Runs the work for one key (a conversation) one call at a time on this node: the transaction and the
// publishing of its events. The row lock orders the commits; this keeps the events in that order
// too, so `staff-assigned` events agree with the handoff history. Other conversations run freely.
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }
}
