/**
 * An ARI connector in a process of its own, so that it can be started with NODE_EXTRA_CA_CERTS (Node reads it
 * only at start), as the README tells admins with a private CA to start the service. Driven over IPC by
 * ari-tls.test.ts: it connects, watches 1001, sets routing dnd, then forwards its line reports.
 */
import { createAriConnector } from '../../../../src/pbx/asterisk/ari-connector';

const [url, password] = process.argv.slice(2);
const send = (message: object) => process.send?.(message);

async function main(): Promise<void> {
  const connector = createAriConnector({ tenantId: 'contoso', url, username: 'bridge', password });
  await connector.start((report) => send({ report }));
  await connector.watch(['1001']);
  for (let i = 0; i < 200 && connector.health().status !== 'connected'; i++) await new Promise((r) => setTimeout(r, 25));
  await connector.applyRouting('1001', 'dnd');
  send({ ready: connector.health() });
  process.on('message', () => void connector.stop().then(() => process.exit(0)));
}

main().catch((error: Error) => {
  send({ failed: error.message });
  process.exit(1);
});
