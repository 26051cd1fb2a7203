import { ConfigError, loadConfig } from './platform/config.ts';
import { demoSignIn } from './demo/load-demo.ts';
import { startHearth } from './server.ts';

try {
  const config = loadConfig();
  const running = await startHearth(config);
  const where = config.databaseUrl ? 'PostgreSQL' : `the embedded database in ${config.dataDir}`;
  const lines = [`Hearth is running at ${running.url} on ${where}.`, `API reference: ${running.url}/docs`];
  if (config.demo) lines.push(`Demo sign-in: ${demoSignIn.email} / ${demoSignIn.password}`);
  if (running.seeded.firstAdmin === 'created') lines.push(`First administrator created: ${config.adminEmail}`);
  if (!config.smtpUrl) lines.push('No SMTP_URL set: emails are kept in the outbox (Outbox screen, GET /api/outbox).');
  console.log(`\n${lines.join('\n')}\n`);

  const stop = async (signal: string) => {
    console.log(`${signal} received, finishing work in progress…`);
    await running.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}
