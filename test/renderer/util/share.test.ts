import { expect, test } from 'vitest';
import fc from 'fast-check';
import {
  decodeShare,
  encodeShare,
  sharedScenarioFromHash,
  shareHash,
} from '../../../renderer/src/util/share';

test('a share link encodes UTF-8 as unpadded base64url (RFC 4648 section 5)', () => {
  // "l1 read 0x0\n" → base64 "bDEgcmVhZCAweDAK" (12 bytes, no padding needed).
  expect(encodeShare('l1 read 0x0\n')).toBe('bDEgcmVhZCAweDAK');
  // "?>" is 0x3F 0x3E: base64 "Pz4=" — '+'/'/' never appear, and the '=' is dropped.
  expect(encodeShare('?>')).toBe('Pz4');
  // "é" is C3 A9 in UTF-8 → "w6k".
  expect(encodeShare('é')).toBe('w6k');
  expect(encodeShare('\u00ff\u00fe')).toBe('w7_Dvg');
});

test('decoding accepts padding or none, and refuses what is not base64url of UTF-8', () => {
  expect(decodeShare('Pz4')).toBe('?>');
  expect(decodeShare('Pz4=')).toBe('?>');
  expect(decodeShare('w7_Dvg')).toBe('\u00ff\u00fe');
  expect(decodeShare('w7/Dvg')).toBeNull(); // standard base64's '/' is not base64url
  expect(decodeShare('***')).toBeNull();
  expect(decodeShare('A')).toBeNull(); // one leftover character cannot encode a byte
  expect(decodeShare('_w')).toBeNull(); // 0xFF alone is not UTF-8
});

test('any text survives a round trip through a share link', () => {
  fc.assert(
    // Graphemes cover all of Unicode (astral planes too) without lone surrogates, which UTF-8 cannot hold.
    fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
      expect(decodeShare(encodeShare(text))).toBe(text);
    }),
  );
});

test('the scenario is read from the s key of the fragment, among others', () => {
  expect(sharedScenarioFromHash(shareHash('mark "a"\n'))).toBe('mark "a"\n');
  expect(sharedScenarioFromHash(`#x=1&s=${encodeShare('l1 read 0x0')}`)).toBe('l1 read 0x0');
  expect(sharedScenarioFromHash('#other=1')).toBeNull();
  expect(sharedScenarioFromHash('')).toBeNull();
});
