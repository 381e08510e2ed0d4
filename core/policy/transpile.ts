// TypeScript -> JavaScript for user plugins before they enter the QuickJS sandbox (policy-api.md
// "Isolation"). Sucrase strips types only and leaves ES modules as they are (QuickJS evaluates modules),
// in Node and the browser alike; see docs/decisions.md for why not `typescript`'s transpileModule.
import { transform } from 'sucrase';

export type TranspileResult = { ok: true; code: string } | { ok: false; message: string };

/** Strips TypeScript syntax from `source` (named `file` in messages); `.js` entries pass unchanged. */
export function transpilePolicy(file: string, source: string): TranspileResult {
  if (!file.endsWith('.ts')) return { ok: true, code: source };
  try {
    const out = transform(source, {
      transforms: ['typescript'],
      // QuickJS runs ES2023: keep classes, optional chaining, etc. as written.
      disableESTransforms: true,
      filePath: file,
    });
    return { ok: true, code: out.code };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}
