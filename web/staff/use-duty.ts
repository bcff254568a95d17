// Who is on duty (the duty API, kept current by `staff-duty-changed`), and clocking in and out.
// On duty, not an open tab, decides who is alerted and what guests are told; presence only says
// who has the dashboard open.
import { useCallback, useEffect, useState } from 'react';
import type { DutyBody, DutyReply, OnDutyMember } from '../shared/contract.js';
import { isDutyChanged } from '../shared/guards.js';
import type { StaffApi } from './staff-api.js';

export interface Duty {
  roster: OnDutyMember[];
  /** null until the first answer. */
  meOnDuty: boolean | null;
  /** For the inbox channel's `staff-duty-changed`. */
  onDutyChanged: (data: unknown) => void;
  setDuty: (body: DutyBody) => Promise<DutyReply>;
}

export function useDuty(api: StaffApi, myId: number, reconnects: number): Duty {
  const [roster, setRoster] = useState<OnDutyMember[]>([]);
  const [meOnDuty, setMeOnDuty] = useState<boolean | null>(null);

  const refresh = useCallback(async () => {
    try {
      const r = await api.roster();
      setRoster(r.on_duty);
      setMeOnDuty(r.me_on_duty);
    } catch {
      // The roster is a courtesy: the next event or reconnect tries again.
    }
  }, [api]);

  useEffect(() => {
    void refresh();
  }, [refresh, reconnects]);

  // The event names the person but not since when or whether they manage: ask for the roster.
  const onDutyChanged = useCallback(
    (data: unknown) => {
      if (!isDutyChanged(data)) return;
      if (data.staff.id === myId) setMeOnDuty(data.on_duty);
      void refresh();
    },
    [refresh, myId],
  );

  const setDuty = useCallback(
    async (body: DutyBody) => {
      const reply = await api.setDuty(body);
      setMeOnDuty(reply.on_duty);
      await refresh();
      return reply;
    },
    [api, refresh],
  );

  return { roster, meOnDuty, onDutyChanged, setDuty };
}
