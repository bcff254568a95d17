// The wire contract's types, as the server declares them (TypeBox schemas in src/contract/).
// This is the one place web/ reaches into src/, and it takes types only: `export type` is erased
// from the bundle, so no server code ever ships to a browser.
export type * from '../../src/contract/types.js';

// The front desk's shapes (issue 12). src/contract/types.ts does not export them yet, so they are
// derived here, type-only, from the same TypeBox schemas; once types.ts exports them under these
// names, these lines can go (a local export shadows the `export type *` above, so both may coexist).
import type { Static } from 'typebox';
import type * as Desk from '../../src/contract/schemas/desk.js';
import type * as Events from '../../src/contract/schemas/events.js';

export type Note = Static<typeof Desk.Note>;
export type DutyBody = Static<typeof Desk.DutyBody>;
export type DutyReply = Static<typeof Desk.DutyReply>;
export type RosterReply = Static<typeof Desk.RosterReply>;
export type OnDutyMember = Static<typeof Desk.OnDutyMember>;
export type ResolveBody = Static<typeof Desk.ResolveBody>;
export type ResolveReply = Static<typeof Desk.ResolveReply>;
export type AlertLogEntry = Static<typeof Desk.AlertLogEntry>;
export type AvailabilityReply = Static<typeof Desk.AvailabilityReply>;
export type DutyChanged = Static<typeof Events.DutyChanged>;
export type ResolvedChange = Static<typeof Events.ResolvedChange>;
export type DeskAlert = Static<typeof Events.DeskAlert>;
