// `npm run web`: build dist-web/ if stale and serve it on 127.0.0.1.
import { ensureWebBuild, distWeb } from './lib/web-build';
import { serveStatic } from './lib/static-server';

export async function serveWeb(port: number): Promise<void> {
  await ensureWebBuild();
  const server = await serveStatic(distWeb, port);
  console.log(`vmxlab web app: ${server.url}  (Ctrl-C to stop)`);
  process.on('SIGINT', () => void server.close().then(() => process.exit(0)));
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const port = Number(process.env['PORT'] ?? 5174);
  serveWeb(port).catch((err: unknown) => {
    console.error(`vmxlab: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
