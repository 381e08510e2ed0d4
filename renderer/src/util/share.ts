// Share links (ui-contract.md "Web build"): `#s=<base64url of the scenario's UTF-8 text>`, RFC 4648 §5,
// padding optional on the way in, none on the way out.

export function encodeShare(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The scenario text of a base64url string, or null when it is not valid base64url of UTF-8. */
export function decodeShare(data: string): string | null {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(data)) return null;
  const b64 = data.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  if (b64.length % 4 === 1) return null;
  try {
    const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** The shared scenario of a location hash (`#s=...`, possibly among other `&`-separated keys). */
export function sharedScenarioFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const s = params.get('s');
  // URLSearchParams turns '+' into ' '; base64url has no '+', so only restore what it mangled.
  return s === null ? null : decodeShare(s.replace(/ /g, '+'));
}

export function shareHash(text: string): string {
  return `#s=${encodeShare(text)}`;
}
