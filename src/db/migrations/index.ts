// Every migration, in order. Kysely runs those a database has not seen yet, at start.
import type { Migration } from 'kysely/migration';
import * as initial from './001-initial.js';
import * as handoffRelease from './002-handoff-release.js';
import * as attemptLimits from './003-attempt-limits.js';
import * as frontDesk from './004-front-desk.js';

export const migrations: Record<string, Migration> = {
  '001-initial': initial,
  '002-handoff-release': handoffRelease,
  '003-attempt-limits': attemptLimits,
  '004-front-desk': frontDesk,
};
