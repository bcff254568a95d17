// Every migration, in order. Kysely runs those a database has not seen yet, at start.
import type { Migration } from 'kysely/migration';
import * as initial from './001-initial.js';
import * as handoffRelease from './002-handoff-release.js';
import * as attemptLimits from './003-attempt-limits.js';
import * as frontDesk from './004-front-desk.js';
import * as inboxCounts from './005-inbox-counts.js';
import * as attachments from './006-attachments.js';
import * as webPush from './007-web-push.js';
import * as deskDay from './008-desk-day.js';
import * as hotelLocale from './009-hotel-locale.js';
import * as hotelOperations from './010-hotel-operations.js';
import * as managerConsole from './011-manager-console.js';
import * as analytics from './012-analytics.js';

export const migrations: Record<string, Migration> = {
  '001-initial': initial,
  '002-handoff-release': handoffRelease,
  '003-attempt-limits': attemptLimits,
  '004-front-desk': frontDesk,
  '005-inbox-counts': inboxCounts,
  '006-attachments': attachments,
  '007-web-push': webPush,
  '008-desk-day': deskDay,
  '009-hotel-locale': hotelLocale,
  '010-hotel-operations': hotelOperations,
  '011-manager-console': managerConsole,
  '012-analytics': analytics,
};
