// SHA-256 for provenance (scenario and policy hashes). Pure JS (@noble/hashes), so the CLI, the
// worker and the browser build hash the same bytes to the same digest without Node or DOM APIs.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

export function sha256Hex(data: string | Uint8Array): string {
  return bytesToHex(sha256(typeof data === 'string' ? utf8ToBytes(data) : data));
}
