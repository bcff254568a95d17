// The desk-day shapes as TypeScript types, for the web apps (import type only; see types.ts).
import type { Static } from 'typebox';
import type * as D from './schemas/desk-day.js';

export type QuickReply = Static<typeof D.QuickReply>;
export type RenderedQuickReply = Static<typeof D.RenderedQuickReply>;
export type DeskHoursReply = Static<typeof D.DeskHoursReply>;
export type WeekHours = Static<typeof D.WeekHours>;
export type StayPanel = Static<typeof D.StayPanel>;
export type StayPatch = Static<typeof D.StayPatch>;
export type SearchResult = Static<typeof D.SearchResult>;
export type SearchReply = Static<typeof D.SearchReply>;
