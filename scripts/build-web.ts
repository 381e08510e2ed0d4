// `npm run build:web`: always rebuild dist-web/.
import { ensureWebBuild } from './lib/web-build';

await ensureWebBuild(true);
