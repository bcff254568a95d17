// The desk-day commands of `concierge`: quick replies and the hotel's desk-day settings (placeholder
// values, default language, desk hours, the automatic reply), through the same domain commands
// as the admin API. Arguments are positional: the texts are free text, the settings JSON.
import { presentDeskDaySettings, presentQuickReply } from '../contract/desk-day-presenters.js';
import type { Actor } from '../domain/actor.js';
import type { DeskDaySettings } from '../domain/desk-day-ports.js';
import { updateDeskDaySettings, getDeskDaySettings } from '../domain/desk-day-settings.js';
import { AppError } from '../domain/errors.js';
import type { Deps } from '../domain/ports.js';
import { createQuickReply, deleteQuickReply, manageQuickReplies } from '../domain/quick-replies.js';

export const DESK_DAY_HELP = `  concierge quick-reply list --hotel <slug>
  concierge quick-reply add --hotel <slug> <shortcut> <title> <lang>=<text> [<lang>=<text> …]
  concierge quick-reply remove --hotel <slug> --id <quick reply id>
  concierge desk-day settings --hotel <slug> ['{"placeholder_values": {"wifi_password": "…"}, "desk_hours": {"mon": {"opens": "07:00", "closes": "23:00"}}, …}']`;

const SYSTEM: Actor = { kind: 'system' };

function parseJson(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new AppError('invalid_request', 'The settings are a JSON object, as PATCH /admin/<hotel>/desk-day/settings/ takes.');
}

export async function deskDayCommand(deps: Deps, command: string, hotel: string, args: string[], id: string | undefined): Promise<unknown> {
  switch (command) {
    case 'quick-reply list':
      return (await manageQuickReplies(deps, SYSTEM, hotel)).map(presentQuickReply);
    case 'quick-reply add': {
      const [shortcut, title, ...pairs] = args;
      if (!shortcut || !title || pairs.length === 0) throw new AppError('invalid_request', 'Give a shortcut, a title and at least one <lang>=<text>.');
      const texts: Record<string, string> = {};
      for (const pair of pairs) {
        const at = pair.indexOf('=');
        if (at < 2) throw new AppError('invalid_request', `"${pair.slice(0, 20)}" is not <lang>=<text>.`);
        texts[pair.slice(0, at)] = pair.slice(at + 1);
      }
      return presentQuickReply(await createQuickReply(deps, SYSTEM, hotel, { shortcut, title, texts }));
    }
    case 'quick-reply remove': {
      const n = Number(id);
      if (!Number.isInteger(n) || n < 1) throw new AppError('invalid_request', '--id must be a quick reply id.');
      await deleteQuickReply(deps, SYSTEM, hotel, n);
      return { removed: n };
    }
    case 'desk-day settings': {
      if (args[0] === undefined) return presentDeskDaySettings(await getDeskDaySettings(deps, SYSTEM, hotel));
      const b = parseJson(args[0]);
      const known = ['default_language', 'placeholder_values', 'desk_hours', 'after_hours_texts', 'emergency_number'];
      const unknown = Object.keys(b).filter((k) => !known.includes(k));
      if (unknown.length > 0) throw new AppError('invalid_request', `Unknown settings: ${unknown.join(', ')}.`);
      const patch = {
        defaultLanguage: b.default_language, placeholderValues: b.placeholder_values, deskHours: b.desk_hours, afterHoursTexts: b.after_hours_texts, emergencyNumber: b.emergency_number,
      } as Partial<DeskDaySettings>;
      const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      return presentDeskDaySettings(await updateDeskDaySettings(deps, SYSTEM, hotel, defined));
    }
    default:
      throw new AppError('invalid_request', `Unknown command "${command}". Run concierge --help.`);
  }
}
