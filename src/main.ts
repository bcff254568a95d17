// Entry point: read the configuration, start Concierge, stop cleanly on SIGINT/SIGTERM.
import { ConfigError, loadConfig } from './config.js';
import { serverLogger, startServer } from './server.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = serverLogger(config);
  // Allowed but weakening settings are said at warn level and on stderr, where an operator who
  // pipes the JSON log away still sees them.
  for (const warning of config.warnings) {
    logger.warn({ security: true }, `SECURITY WARNING: ${warning}`);
    process.stderr.write(`\n  !! SECURITY WARNING: ${warning}\n\n`);
  }
  const server = await startServer(config, { logger });
  const where = [`staff: ${server.url}/staff/`, config.seedDemo && `guest: ${server.url}/guest/hotel-abc/101`, config.exposeApiDocs && `API docs: ${server.url}/docs`];
  logger.info(
    { database: config.databaseUrl ? 'postgres' : `pglite (${config.dataDir})`, redis: config.redisUrl ? 'on' : 'off' },
    `Concierge is ready on ${server.url}  —  ${where.filter(Boolean).join('  ')}`,
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`Concierge failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
